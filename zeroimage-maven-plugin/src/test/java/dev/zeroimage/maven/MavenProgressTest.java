package dev.zeroimage.maven;

import dev.zeroimage.util.Progress;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MavenProgressTest {
    private static final long SECOND = 1_000_000_000L;

    /** Collects info lines instead of printing them. */
    private static final class RecordingLog extends SystemStreamLog {
        final List<String> lines = new ArrayList<>();

        @Override
        public void info(CharSequence content) {
            lines.add(content.toString());
        }
    }

    private static List<String> simulate(boolean interactive, long seconds) {
        RecordingLog log = new RecordingLog();
        long[] now = {0};
        Progress progress = new MavenProgress(log, interactive, () -> now[0]);
        Progress.Tracker tracker = progress.start("Compressing layer", 100L * seconds * 1_000_000);
        for (int tick = 1; tick <= seconds * 10; tick++) {
            now[0] = tick * SECOND / 10;
            tracker.advance(10_000_000);
        }
        tracker.finish();
        return log.lines;
    }

    @Test
    void shortTasksPrintNothing() {
        assertEquals(List.of(), simulate(true, 1));
    }

    @Test
    void longTasksShowBytesAndRateInOneUnitStyleEveryFewSeconds() {
        List<String> lines = simulate(true, 20);
        // after 2 s, then every 3 s, then "done"
        assertEquals(8, lines.size(), lines.toString());
        assertEquals("Compressing layer: 0.2 GB of 2.0 GB, 100 MB/s", lines.get(0));
        assertTrue(lines.get(lines.size() - 1).endsWith("done"), lines.toString());
    }

    @Test
    void batchModeIsSparser() {
        List<String> lines = simulate(false, 20);
        assertTrue(lines.size() <= 4, lines.toString());
    }

    @Test
    void doneIsInTheTotalsUnitAndSlowRatesKeepADecimal() {
        assertEquals("12.3 MB of 36.5 MB, 40 MB/s", dev.zeroimage.util.Sizes.progress(12_300_000, 36_500_000, 40_200_000));
        assertEquals("0.8 MB of 36.5 MB, 4.5 MB/s", dev.zeroimage.util.Sizes.progress(812_000, 36_500_000, 4_540_000));
        assertEquals("812.0 kB, 900 B/s", dev.zeroimage.util.Sizes.progress(812_000, 0, 900));
    }
}
