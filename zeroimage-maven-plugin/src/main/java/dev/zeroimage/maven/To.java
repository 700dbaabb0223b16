package dev.zeroimage.maven;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Jib's {@code <to>}: {@code <image>}, {@code <tags>} and {@code <auth>}, another spelling of the
 * {@code image}, {@code tags} and {@code auth} parameters ({@link JibStyleConfiguration} maps them).
 * Jib's {@code <credHelper>} is taken so that it can be refused with a reason instead of Maven's
 * "Cannot find 'credHelper'".
 */
public class To {
    private String image;
    private List<String> tags;
    private Auth auth;
    private final Set<String> unsupported = new TreeSet<>();

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public List<String> getTags() {
        return tags;
    }

    public void setTags(List<String> tags) {
        this.tags = tags;
    }

    public Auth getAuth() {
        return auth;
    }

    public void setAuth(Auth auth) {
        this.auth = auth;
    }

    public void setCredHelper(String ignored) {
        unsupported.add("credHelper");
    }

    /** Jib parameters written inside {@code <to>} that have no meaning here. */
    Set<String> unsupported() {
        return unsupported;
    }
}
