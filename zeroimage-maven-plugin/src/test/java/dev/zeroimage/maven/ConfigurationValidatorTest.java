package dev.zeroimage.maven;

import org.apache.maven.model.Build;
import org.apache.maven.model.Model;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.descriptor.Parameter;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigurationValidatorTest {

    /** A plugin like ours: build (with read-only project and outputTimestamp) and login. */
    private static MojoExecution buildExecution() throws Exception {
        PluginDescriptor plugin = new PluginDescriptor();
        plugin.setGroupId("dev.zeroimage");
        plugin.setArtifactId("zeroimage-maven-plugin");
        MojoDescriptor build = mojo(plugin, "build");
        build.addParameter(parameter("executable", true, "${zeroimage.executable}", null));
        build.addParameter(parameter("executablePath", true, "${zeroimage.executablePath}", null));
        build.addParameter(parameter("args", true, null, null));
        build.addParameter(parameter("image", true, "${zeroimage.image}", null));
        build.addParameter(parameter("auth", true, null, "toAuth"));
        build.addParameter(parameter("project", false, null, null));
        build.addParameter(parameter("outputTimestamp", false, null, null));
        MojoDescriptor login = mojo(plugin, "login");
        login.addParameter(parameter("registry", true, "${zeroimage.registry}", null));
        return new MojoExecution(build, "default");
    }

    private static MojoDescriptor mojo(PluginDescriptor plugin, String goal) throws Exception {
        MojoDescriptor mojo = new MojoDescriptor();
        mojo.setGoal(goal);
        mojo.setPluginDescriptor(plugin);
        plugin.addMojo(mojo);
        return mojo;
    }

    private static Parameter parameter(String name, boolean editable, String expression, String alias) {
        Parameter parameter = new Parameter();
        parameter.setName(name);
        parameter.setEditable(editable);
        parameter.setExpression(expression);
        parameter.setAlias(alias);
        return parameter;
    }

    @Test
    void aParameterWrittenWithChildElementsIsToldApart() {
        Xpp3Dom configuration = configuration("image");
        Xpp3Dom from = new Xpp3Dom("from");
        Xpp3Dom image = new Xpp3Dom("image");
        image.setValue("static");
        from.addChild(image);
        configuration.addChild(from);
        WrittenConfiguration written = new WrittenConfiguration(List.of(configuration),
                Map.of("from", "zeroimage.from"), name -> name.equals("zeroimage.from") ? "scratch" : null);
        assertTrue(written.writtenWithChildren("from"));
        assertFalse(written.writtenWithChildren("image"));
        assertTrue(written.givenByProperty("from"));
        assertFalse(written.givenByProperty("image"));
    }

    private static Xpp3Dom configuration(String... names) {
        Xpp3Dom configuration = new Xpp3Dom("configuration");
        for (String name : names) {
            Xpp3Dom child = new Xpp3Dom(name);
            child.setValue("x");
            configuration.addChild(child);
        }
        return configuration;
    }

    private static WrittenConfiguration written(String... names) {
        return new WrittenConfiguration(List.of(configuration(names)), Map.of(), name -> null);
    }

    private static String failure(String... names) throws Exception {
        MojoExecution execution = buildExecution();
        return assertThrows(MojoFailureException.class,
                () -> ConfigurationValidator.rejectUnknownParameters(execution, written(names))).getMessage();
    }

    @Test
    void aMisspelledParameterGetsTheClosestRealName() throws Exception {
        String message = failure("executabel");
        assertTrue(message.startsWith("Unknown configuration parameter for zeroimage:build:"
                + " `<executabel>`: did you mean `executable`?"), message);
        assertTrue(failure("argss").contains("`<argss>`: did you mean `args`?"));
        assertTrue(failure("Image").contains("`<Image>`: did you mean `image`?"));
        assertTrue(failure("executablepat").contains("did you mean `executablePath`?"));
    }

    @Test
    void theListNamesOnlyUserFacingParametersOfTheGoal() throws Exception {
        String message = failure("argss");
        String list = message.substring(message.indexOf("\nParameters of zeroimage:build: ") + 1);
        assertEquals("Parameters of zeroimage:build: args, auth, executable, executablePath, image, toAuth", list);
        assertFalse(message.contains("project") || message.contains("outputTimestamp"), message);
        // a read-only name is never suggested
        assertFalse(failure("projekt").contains("did you mean `project`"));
    }

    @Test
    void aNameFarFromEveryParameterGetsNoGuess() throws Exception {
        String message = failure("colour");
        assertTrue(message.contains("`<colour>` is not a parameter of any zeroimage goal."), message);
        assertFalse(message.contains("did you mean"), message);
    }

    @Test
    void severalUnknownNamesAreAllNamed() throws Exception {
        String message = failure("argss", "imagee");
        assertTrue(message.startsWith("Unknown configuration parameters for zeroimage:build: `<argss>`: did you"
                + " mean `args`? `<imagee>`: did you mean `image`?"), message);
    }

    @Test
    void jibOnlyParametersSayWhy() throws Exception {
        String message = failure("extraDirectories", "containerizingMode", "dockerClient", "outputPaths",
                "skaffold", "pluginExtensions");
        for (String name : ConfigurationValidator.JIB_ONLY.keySet()) {
            assertTrue(message.contains("`<" + name + ">` is a jib-maven-plugin parameter with no meaning here: "
                    + ConfigurationValidator.JIB_ONLY.get(name) + "."), message);
        }
        assertTrue(message.contains("add files with extraFiles"), message);
    }

    @Test
    void parametersOfOtherGoalsAliasesAndReadOnlyOnesAreAccepted() throws Exception {
        MojoExecution execution = buildExecution();
        assertDoesNotThrow(() -> ConfigurationValidator.rejectUnknownParameters(execution,
                written("registry", "toAuth", "args", "outputTimestamp")));
    }

    @Test
    void closestAndDistance() {
        assertEquals(1, ConfigurationValidator.distance("executabel", "executable"));
        assertEquals(3, ConfigurationValidator.distance("kitten", "sitting"));
        assertEquals("tags", ConfigurationValidator.closest("tag", Set.of("tags", "image")));
        assertNull(ConfigurationValidator.closest("xyz", Set.of("tags", "image")));
    }

    @Test
    void writtenConfigurationReadsPluginAndExecutionLevelAndProperties() throws Exception {
        Model model = new Model();
        model.setBuild(new Build());
        Plugin plugin = new Plugin();
        plugin.setGroupId("dev.zeroimage");
        plugin.setArtifactId("zeroimage-maven-plugin");
        plugin.setConfiguration(configuration("args"));
        PluginExecution mine = new PluginExecution();
        mine.setId("default");
        mine.setConfiguration(configuration("argss"));
        PluginExecution other = new PluginExecution();
        other.setId("other");
        other.setConfiguration(configuration("executable"));
        plugin.addExecution(mine);
        plugin.addExecution(other);
        model.getBuild().addPlugin(plugin);
        Properties properties = new Properties();
        properties.setProperty("zeroimage.image", "ghcr.io/a/b:1");
        model.setProperties(properties);
        MavenProject project = new MavenProject(model);
        MojoExecution execution = buildExecution();

        WrittenConfiguration written = WrittenConfiguration.of(execution, project, null);

        assertTrue(written.sets("args"));
        assertTrue(written.sets("argss"));
        assertFalse(written.sets("executable"), "another execution's configuration");
        assertTrue(written.sets("image"), "its property, set in the project's properties");
        assertFalse(written.sets("executablePath"));
        assertTrue(written.givenByProperty("image"));
        assertFalse(written.givenByProperty("args"), "no property");
        assertFalse(written.writtenWithChildren("args"), "a plain value");
        String message = assertThrows(MojoFailureException.class,
                () -> ConfigurationValidator.rejectUnknownParameters(execution, written)).getMessage();
        assertTrue(message.contains("`<argss>`: did you mean `args`?"), message);
    }
}
