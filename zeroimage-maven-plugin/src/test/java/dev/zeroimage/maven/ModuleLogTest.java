package dev.zeroimage.maven;

import org.apache.maven.plugin.logging.Log;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Under mvn -T every line names its module; otherwise lines are left as they are. */
class ModuleLogTest {
    private static final class RecordingLog extends SystemStreamLog {
        final List<String> lines = new ArrayList<>();

        @Override
        public void info(CharSequence content) {
            lines.add("INFO " + content);
        }

        @Override
        public void warn(CharSequence content) {
            lines.add("WARN " + content);
        }
    }

    @Test
    void aParallelBuildPrefixesEveryLineWithTheArtifactId() {
        RecordingLog recording = new RecordingLog();
        Log log = ModuleLog.of(recording, true, "orders");
        log.info("Built image orders:1.0");
        log.warn("The executable is old");
        assertEquals(List.of("INFO [orders] Built image orders:1.0", "WARN [orders] The executable is old"),
                recording.lines);
        assertSame(log, ModuleLog.of(log, true, "orders"), "prefixed once only");
    }

    @Test
    void aSerialBuildKeepsMavensLog() {
        RecordingLog recording = new RecordingLog();
        assertSame(recording, ModuleLog.of(recording, false, "orders"));
    }
}
