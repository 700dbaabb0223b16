package dev.zeroimage.util;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SizesTest {
    @Test
    void humanSizesUseDecimalUnitsWithOneDecimal() {
        assertEquals("999 B", Sizes.human(999));
        assertEquals("1.0 kB", Sizes.human(1000));
        assertEquals("12.3 MB", Sizes.human(12_345_678));
        assertEquals("1.5 GB", Sizes.human(1_500_000_000L));
        assertEquals("2000.0 TB", Sizes.human(2_000_000_000_000_000L));
    }

    @Test
    void progressShowsTheDoneAmountInTheTotalsUnitAndAWholeRateFromTen() {
        assertEquals("0.5 MB of 36.5 MB, 40 MB/s", Sizes.progress(500_000, 36_500_000, 40_000_000));
        assertEquals("12.3 MB, 4.5 MB/s", Sizes.progress(12_300_000, 0, 4_500_000));
        assertEquals("10 B of 900 B, 800 B/s", Sizes.progress(10, 900, 800));
    }
}
