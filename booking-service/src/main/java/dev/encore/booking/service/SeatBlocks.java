package dev.encore.booking.service;

import dev.encore.booking.service.SeatMapService.Seat;
import dev.encore.booking.service.SeatMapService.SeatStatus;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    private static final Comparator<Block> BEST_FIRST = Comparator.comparing(Block::leavesOrphan)
            .thenComparing(Block::price, Comparator.reverseOrder())
            .thenComparingInt(Block::row)
            .thenComparingDouble(Block::offCentre)
            .thenComparing(Block::section)
            .thenComparingInt(Block::firstNumber);

    private SeatBlocks() {
    }

    /**
     * The candidate blocks, best first.
     *
     * @param seats    the performance's seats with their states (a seat map)
     * @param count    seats per block, at least 1
     * @param section  only this section, or null for any
     * @param maxPrice only sections priced at most this, or null for any
     * @param lost     seats known taken since the map was read (they count as taken)
     */
    public static List<Block> rank(List<Seat> seats, int count, String section, BigDecimal maxPrice, Set<String> lost) {
        Map<String, List<Seat>> rows = new LinkedHashMap<>();
        for (Seat seat : seats) {
            rows.computeIfAbsent(seat.section() + "/" + seat.row(), key -> new ArrayList<>()).add(seat);
        }
        List<Block> blocks = new ArrayList<>();
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
            blocks.addAll(blocksOfRow(row, free, count));
        }
        blocks.sort(BEST_FIRST);
        return blocks;
    }

    /** The first block that does not overlap {@code taken}, if any. */
    public static Optional<Block> firstFree(List<Block> ranked, Set<String> taken) {
        return ranked.stream().filter(block -> block.seatIds().stream().noneMatch(taken::contains)).findFirst();
    }

    private static List<Block> blocksOfRow(List<Seat> row, boolean[] free, int count) {
        List<Block> blocks = new ArrayList<>();
        double rowCentre = (row.size() - 1) / 2.0;
        int run = 0;
        for (int i = 0; i < row.size(); i++) {
            run = free[i] ? run + 1 : 0;
            if (run < count) {
                continue;
            }
            int start = i - count + 1;
            List<String> ids = row.subList(start, i + 1).stream().map(Seat::id).toList();
            boolean orphan = orphanAt(free, start - 1, -1) || orphanAt(free, i + 1, 1);
            Seat first = row.get(start);
            blocks.add(new Block(ids, orphan, first.price() == null ? BigDecimal.ZERO : first.price(), first.section(),
                    first.row(), Math.abs(start + (count - 1) / 2.0 - rowCentre), first.number()));
        }
        return blocks;
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
