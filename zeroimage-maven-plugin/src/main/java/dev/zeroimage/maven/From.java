package dev.zeroimage.maven;

import org.codehaus.plexus.configuration.PlexusConfiguration;

import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code from} parameter: either a plain value ({@code <from>static</from>},
 * {@code -Dzeroimage.from=…}, which Maven's configurator hands to {@link #set(String)}) or Jib's
 * {@code <from><image>…</image><auth>…</auth></from>}. Jib's {@code <platforms>} and
 * {@code <credHelper>} are taken so that they can be refused with a reason.
 */
public class From {
    private String image;
    private Auth auth;
    private final Set<String> unsupported = new TreeSet<>();

    public From() {
    }

    From(String image) {
        this.image = image;
    }

    /** A plain {@code <from>VALUE</from>}: the base image. */
    public void set(String value) {
        this.image = value;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public Auth getAuth() {
        return auth;
    }

    public void setAuth(Auth auth) {
        this.auth = auth;
    }

    public void setPlatforms(PlexusConfiguration ignored) {
        unsupported.add("platforms");
    }

    public void setCredHelper(String ignored) {
        unsupported.add("credHelper");
    }

    /** Jib parameters written inside {@code <from>} that have no meaning here. */
    Set<String> unsupported() {
        return unsupported;
    }

    @Override
    public String toString() {
        return image == null ? "" : image;
    }
}
