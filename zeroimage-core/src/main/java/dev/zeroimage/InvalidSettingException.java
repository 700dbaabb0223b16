package dev.zeroimage;

/**
 * A setting whose value cannot be used, named so a front end can say how it is set there (the Maven
 * plugin adds the user property: {@code Invalid from (zeroimage.from): ...}).
 */
public class InvalidSettingException extends ZeroImageException {
    private final String setting;
    private final String problem;

    public InvalidSettingException(String setting, String problem) {
        super("Invalid " + setting + ": " + problem);
        this.setting = setting;
        this.problem = problem;
    }

    /** The setting's name, as in the README ({@code from}, {@code platform}). */
    public String setting() {
        return setting;
    }

    /** What is wrong and what to do, without the setting's name. */
    public String problem() {
        return problem;
    }
}
