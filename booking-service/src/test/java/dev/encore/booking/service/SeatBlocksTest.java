package dev.encore.booking.service;

import dev.encore.booking.service.SeatMapService.Seat;
import dev.encore.booking.service.SeatMapService.SeatStatus;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeatBlocksTest {

    @Test
    void anEmptyHouseGivesTheCentreOfTheFrontRowOfTheDearestSection() {
        List<Seat> seats = venue(Set.of());

        List<SeatBlocks.Block> ranked = SeatBlocks.rank(seats, 2, null, null, Set.of());

        assertEquals(List.of("A-1-5", "A-1-6"), ranked.getFirst().seatIds());
        assertEquals(List.of("A-1-4", "A-1-5"), ranked.get(1).seatIds(), "then the next nearest the centre, lower number first");
        assertEquals(List.of("A-1-4", "A-1-5", "A-1-6"), SeatBlocks.rank(seats, 3, null, null, Set.of()).getFirst().seatIds());
    }

    @Test
    void aBlockThatWouldLeaveASingleSeatBetweenTakenSeatsComesAfterEveryBlockThatWouldNot() {
        // row A-1 with 3 and 8 taken: 5-6 is the centre but would strand seat 4 between 3 and 5
        List<SeatBlocks.Block> ranked = SeatBlocks.rank(venue(Set.of("A-1-3", "A-1-8")), 2, "A", null, Set.of());

        assertEquals(List.of("A-1-4", "A-1-5"), ranked.getFirst().seatIds());
        int stranding = indexOf(ranked, List.of("A-1-5", "A-1-6"));
        assertTrue(ranked.subList(0, stranding).stream().noneMatch(SeatBlocks.Block::leavesOrphan));
        assertTrue(ranked.subList(stranding, ranked.size()).stream().allMatch(SeatBlocks.Block::leavesOrphan));
        // a row's end counts as taken: 1-2 with 3 taken leaves nothing stranded, 2-3 of a free row would strand 1
        assertTrue(ranked.stream().filter(b -> b.seatIds().equals(List.of("A-1-1", "A-1-2"))).noneMatch(SeatBlocks.Block::leavesOrphan));
        assertTrue(SeatBlocks.rank(venue(Set.of()), 2, "A", null, Set.of()).stream()
                .filter(b -> b.seatIds().equals(List.of("A-2-2", "A-2-3"))).allMatch(SeatBlocks.Block::leavesOrphan));
    }

    @Test
    void whenEveryBlockStrandsASeatOneIsStillGiven() {
        List<Seat> row = new ArrayList<>();
        for (int number = 1; number <= 4; number++) {
            row.add(new Seat("A-1-" + number, "A", 1, number, new BigDecimal("10"),
                    number == 1 ? SeatStatus.SOLD : SeatStatus.AVAILABLE));
        }

        List<SeatBlocks.Block> ranked = SeatBlocks.rank(row, 2, null, null, Set.of());

        assertEquals(2, ranked.size());
        assertTrue(ranked.stream().allMatch(SeatBlocks.Block::leavesOrphan));
    }

    @Test
    void priceSectionAndSeatsLostMeanwhileNarrowTheSearch() {
        List<Seat> seats = venue(Set.of());

        assertEquals(List.of("B-1-5", "B-1-6"), SeatBlocks.rank(seats, 2, null, new BigDecimal("45.00"), Set.of()).getFirst().seatIds());
        assertEquals(List.of("B-1-5", "B-1-6"), SeatBlocks.rank(seats, 2, "B", null, Set.of()).getFirst().seatIds());
        assertEquals(List.of(), SeatBlocks.rank(seats, 2, null, new BigDecimal("44.99"), Set.of()));
        assertEquals(List.of(), SeatBlocks.rank(seats, 11, null, null, Set.of()));
        assertEquals(List.of("A-1-6", "A-1-7"), SeatBlocks.rank(seats, 2, null, null, Set.of("A-1-5")).getFirst().seatIds());
        assertTrue(SeatBlocks.rank(seats, 2, null, null, Set.of("A-1-5")).stream()
                .noneMatch(block -> block.seatIds().contains("A-1-5")));
    }

    @Test
    void theFewBestAreTheHeadOfTheWholeRanking() {
        java.util.Random random = new java.util.Random(7);
        Set<String> taken = new java.util.HashSet<>();
        for (Seat seat : venue(Set.of())) {
            if (random.nextInt(3) == 0) {
                taken.add(seat.id());
            }
        }
        List<Seat> seats = venue(taken);

        for (int count = 1; count <= 4; count++) {
            List<SeatBlocks.Block> all = SeatBlocks.rank(seats, count, null, null, Set.of());
            assertEquals(all.subList(0, 4), SeatBlocks.best(seats, count, null, null, Set.of(), 4));
            assertEquals(all.subList(0, 1), SeatBlocks.best(seats, count, null, null, Set.of(), 1));
        }
    }

    // sections A (90) and B (45), 10 rows of 10 seats each; the given seats sold
    private static List<Seat> venue(Set<String> taken) {
        List<Seat> seats = new ArrayList<>();
        for (String section : List.of("A", "B")) {
            for (int row = 1; row <= 10; row++) {
                for (int number = 1; number <= 10; number++) {
                    String id = section + "-" + row + "-" + number;
                    seats.add(new Seat(id, section, row, number, new BigDecimal(section.equals("A") ? "90" : "45"),
                            taken.contains(id) ? SeatStatus.SOLD : SeatStatus.AVAILABLE));
                }
            }
        }
        return seats;
    }

    private static int indexOf(List<SeatBlocks.Block> ranked, List<String> seatIds) {
        for (int i = 0; i < ranked.size(); i++) {
            if (ranked.get(i).seatIds().equals(seatIds)) {
                return i;
            }
        }
        throw new AssertionError(seatIds + " not ranked");
    }
}
