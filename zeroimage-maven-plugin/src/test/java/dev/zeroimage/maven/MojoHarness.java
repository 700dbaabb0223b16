package dev.zeroimage.maven;

import org.apache.maven.model.Build;
import org.apache.maven.model.Model;
import org.apache.maven.plugin.testing.AbstractMojoTestCase;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;

import java.io.File;
import java.nio.file.Path;

/**
 * The plugin-testing harness for JUnit 5 tests (which can carry {@code @Tag("real")}): configures the
 * build mojo from the unit test POM as {@link BuildMojoTest} does. Not a test itself (no test methods;
 * its name is outside surefire's patterns).
 */
final class MojoHarness extends AbstractMojoTestCase {
    void start() throws Exception {
        setUp();
    }

    void stop() throws Exception {
        tearDown();
    }

    BuildMojo buildMojo(Path work, File executable) throws Exception {
        return buildMojo(work, executable, "build-basic");
    }

    /** The mojo as Maven configures it from src/test/resources/unit/{@code name}/pom.xml. */
    BuildMojo buildMojo(Path work, File executable, String name) throws Exception {
        File pom = getTestFile("src/test/resources/unit/" + name + "/pom.xml");
        BuildMojo mojo = (BuildMojo) lookupMojo("build", pom);
        Model model = new Model();
        model.setGroupId("dev.zeroimage.test");
        model.setArtifactId(name);
        model.setVersion("1.0");
        model.setPackaging("pom");
        model.setName("Build basic");
        model.setDescription("A mojo test project");
        Build build = new Build();
        build.setDirectory(work.resolve("target").toString());
        build.setFinalName(name + "-1.0");
        model.setBuild(build);
        MavenProject project = new MavenProject(model);
        project.setFile(pom);
        project.setArtifact(new org.apache.maven.artifact.DefaultArtifact("dev.zeroimage.test", name, "1.0",
                "compile", "pom", null, new org.apache.maven.artifact.handler.DefaultArtifactHandler("pom")));
        set(mojo, "project", project);
        set(mojo, "projectHelper", lookup(MavenProjectHelper.class));
        set(mojo, "executable", executable);
        set(mojo, "outputFile", work.resolve("target/" + name + "-1.0-image.tar").toFile());
        set(mojo, "cacheDirectory", work.resolve("cache").toFile());
        return mojo;
    }

    /** Any goal of the plugin, unconfigured (set its fields with {@link #set}). */
    @Override
    public org.apache.maven.plugin.Mojo lookupEmptyMojo(String goal, File pom) throws Exception {
        return super.lookupEmptyMojo(goal, pom);
    }

    Object get(Object mojo, String field) throws IllegalAccessException {
        return getVariableValueFromObject(mojo, field);
    }

    void set(Object mojo, String field, Object value) throws IllegalAccessException {
        setVariableValueToObject(mojo, field, value);
    }
}
