package dev.zeroimage.util;

/**
 * Progress of long byte-counting tasks (compressing a layer, uploading a blob), for a front end to
 * show. Core only counts; deciding when and how often to print is the front end's job.
 */
public interface Progress {
    Progress NONE = (task, totalBytes) -> new Tracker() {
        @Override
        public void advance(long bytes) {
        }

        @Override
        public void finish() {
        }
    };

    /** Starts a task; {@code totalBytes} is an estimate, or -1 when unknown. */
    Tracker start(String task, long totalBytes);

    interface Tracker {
        void advance(long bytes);

        void finish();
    }
}
