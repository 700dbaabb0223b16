package dev.zeroimage.maven;

import dev.zeroimage.ZeroImageException;

import java.util.ArrayList;
import java.util.List;

/** Maps {@code <extraFiles>} configuration to core values, checking each entry. */
final class ExtraFiles {
    private ExtraFiles() {
    }

    static List<dev.zeroimage.build.ExtraFile> toCore(List<ExtraFile> configured) {
        List<dev.zeroimage.build.ExtraFile> result = new ArrayList<>();
        if (configured == null) {
            return result;
        }
        for (int i = 0; i < configured.size(); i++) {
            ExtraFile extra = configured.get(i);
            String where = "extraFiles[" + i + "]";
            if (extra.getSource() == null) {
                throw new ZeroImageException(where + " has no <source>: name a file or directory to add");
            }
            if (extra.getTarget() == null || !extra.getTarget().startsWith("/")) {
                throw new ZeroImageException(where + " (" + extra.getSource() + ") needs a <target> that is an"
                        + " absolute path in the image, like /etc/app/config.yml; got '" + extra.getTarget() + "'");
            }
            if (!extra.getSource().exists()) {
                throw new ZeroImageException(where + " source " + extra.getSource() + " does not exist");
            }
            result.add(new dev.zeroimage.build.ExtraFile(extra.getSource().toPath(), extra.getTarget(), mode(extra, where)));
        }
        return result;
    }

    private static Integer mode(ExtraFile extra, String where) {
        return dev.zeroimage.build.ExtraFile.parseMode(extra.getMode(), where);
    }
}
