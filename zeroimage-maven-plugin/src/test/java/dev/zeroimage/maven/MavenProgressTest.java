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
    void longTasksShowBytesRateAndPercentEveryFewSeconds() {
        List<String> lines = simulate(true, 20);
        // after 2 s, then every 3 s, then "done"
        assertEquals(8, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("Compressing layer: [0-9.]+ MB of 2\\.0 GB \\(\\d+%\\), 100\\.0 MB/s"), lines.get(0));
        assertTrue(lines.get(lines.size() - 1).endsWith("done"), lines.toString());
    }

    @Test
    void batchModeIsSparser() {
        List<String> lines = simulate(false, 20);
        assertTrue(lines.size() <= 4, lines.toString());
    }
}
