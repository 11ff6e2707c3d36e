package dev.encore.booking.service;

import dev.encore.booking.service.SeatMapService.Seat;
import dev.encore.booking.service.SeatMapService.SeatStatus;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Best-available search: every block of {@code count} adjacent free seats in one row, best first. The order
 * (docs/architecture.md, Best available), compared one criterion after the next:
 * <ol>
 * <li>a block that leaves no <em>orphan</em> (a single free seat between two taken seats, a row's end counting as
 * taken) before one that does;</li>
 * <li>the higher price tier (the section's price: the venue's own ranking of its seats) within {@code maxPrice};</li>
 * <li>the row nearer the stage (row 1 is the front);</li>
 * <li>the block's centre nearer the row's centre;</li>
 * <li>then section name and first seat number, so the order is total and the same on every replica.</li>
 * </ol>
 */
public final class SeatBlocks {

    /** One candidate: its seats in seat-number order, and what it is ranked by. */
    public record Block(List<String> seatIds, boolean leavesOrphan, BigDecimal price, String section, int row,
                        double offCentre, int firstNumber) {
    }

    // a block before its seat ids are listed: only the few best ever become a Block
    private record Candidate(boolean leavesOrphan, BigDecimal price, String section, int row, double offCentre,
                             int firstNumber, List<Seat> rowSeats, int start) {
    }

    private static final Comparator<Candidate> BEST_FIRST = Comparator.comparing(Candidate::leavesOrphan)
            .thenComparing(Candidate::price, Comparator.reverseOrder())
            .thenComparingInt(Candidate::row)
            .thenComparingDouble(Candidate::offCentre)
            .thenComparing(Candidate::section)
            .thenComparingInt(Candidate::firstNumber);

    private SeatBlocks() {
    }

    /** Every candidate block, best first (see {@link #best}). */
    public static List<Block> rank(List<Seat> seats, int count, String section, BigDecimal maxPrice, Set<String> lost) {
        return best(seats, count, section, maxPrice, lost, Integer.MAX_VALUE);
    }

    /**
     * The {@code limit} best candidate blocks, best first; a bounded heap keeps the search linear in the seats, so a
     * 100,000-seat arena costs one pass and no sort.
     *
     * @param seats    the performance's seats with their states (a seat map)
     * @param count    seats per block, at least 1
     * @param section  only this section, or null for any
     * @param maxPrice only sections priced at most this, or null for any
     * @param lost     seats known taken since the map was read (they count as taken)
     */
    public static List<Block> best(List<Seat> seats, int count, String section, BigDecimal maxPrice, Set<String> lost,
                                   int limit) {
        Map<String, List<Seat>> rows = new LinkedHashMap<>();
        for (Seat seat : seats) {
            rows.computeIfAbsent(seat.section() + "/" + seat.row(), key -> new ArrayList<>()).add(seat);
        }
        // the worst kept candidate at the head, to be dropped when a better one comes
        PriorityQueue<Candidate> kept = new PriorityQueue<>(BEST_FIRST.reversed());
        for (List<Seat> row : rows.values()) {
            Seat first = row.getFirst();
            if ((section != null && !section.equals(first.section()))
                    || (maxPrice != null && first.price() != null && first.price().compareTo(maxPrice) > 0)) {
                continue;
            }
            row.sort(Comparator.comparingInt(Seat::number));
            boolean[] free = new boolean[row.size()];
            for (int i = 0; i < row.size(); i++) {
                free[i] = row.get(i).status() == SeatStatus.AVAILABLE && !lost.contains(row.get(i).id());
            }
            double rowCentre = (row.size() - 1) / 2.0;
            int run = 0;
            for (int i = 0; i < row.size(); i++) {
                run = free[i] ? run + 1 : 0;
                if (run < count) {
                    continue;
                }
                int start = i - count + 1;
                Seat firstSeat = row.get(start);
                Candidate candidate = new Candidate(orphanAt(free, start - 1, -1) || orphanAt(free, i + 1, 1),
                        firstSeat.price() == null ? BigDecimal.ZERO : firstSeat.price(), firstSeat.section(), firstSeat.row(),
                        Math.abs(start + (count - 1) / 2.0 - rowCentre), firstSeat.number(), row, start);
                if (kept.size() < limit) {
                    kept.add(candidate);
                } else if (BEST_FIRST.compare(candidate, kept.peek()) < 0) {
                    kept.poll();
                    kept.add(candidate);
                }
            }
        }
        List<Candidate> ordered = new ArrayList<>(kept);
        ordered.sort(BEST_FIRST);
        return ordered.stream().map(c -> new Block(c.rowSeats().subList(c.start(), c.start() + count).stream().map(Seat::id).toList(),
                c.leavesOrphan(), c.price(), c.section(), c.row(), c.offCentre(), c.firstNumber())).toList();
    }

    // the seat next to the block, at index, stays free with taken seats (or the row's end) on both sides
    private static boolean orphanAt(boolean[] free, int index, int outward) {
        if (index < 0 || index >= free.length || !free[index]) {
            return false;
        }
        int beyond = index + outward;
        return beyond < 0 || beyond >= free.length || !free[beyond];
    }
}
