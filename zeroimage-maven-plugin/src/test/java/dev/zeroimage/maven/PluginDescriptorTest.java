package dev.zeroimage.maven;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The descriptor maven-plugin-plugin generated (process-classes, before the tests): what
 * {@code mvn help:describe -Ddetail}, {@code zeroimage:help} and the plugin report show.
 */
class PluginDescriptorTest {
    private static final Path DESCRIPTOR = Path.of(System.getProperty("basedir", "."),
            "target/classes/META-INF/maven/plugin.xml");

    @Test
    void everyGoalIsThereWithADescription() throws Exception {
        Map<String, Element> mojos = mojos();
        assertTrue(mojos.keySet().containsAll(Set.of("build", "push", "login", "logout", "check-auth", "help")),
                "goals: " + mojos.keySet());
        mojos.forEach((goal, mojo) -> assertTrue(!text(mojo, "description").isBlank(), goal + " has no description"));
    }

    @Test
    void everyUserFacingParameterHasAPlainDescription() throws Exception {
        List<String> missing = new ArrayList<>();
        List<String> garbled = new ArrayList<>();
        for (Map.Entry<String, Element> mojo : mojos().entrySet()) {
            for (Element parameter : children(mojo.getValue(), "parameters", "parameter")) {
                if (!"true".equals(text(parameter, "editable"))) {
                    continue;
                }
                String name = mojo.getKey() + ":" + text(parameter, "name");
                String description = text(parameter, "description");
                if (description.isBlank()) {
                    missing.add(name);
                }
                // Escaped markup (javadoc's {@code <to>} or &lt;) is unescaped by help:describe and
                // zeroimage:help and then dropped as a tag: "Jib-style …, the same as ."
                if (description.contains("&lt;") || description.contains("<") && !description.replace("<code>", "").replace("</code>", "")
                        .replace("<p>", "").replace("</p>", "").matches("[^<]*")) {
                    garbled.add(name + ": " + description);
                }
            }
        }
        assertEquals(List.of(), missing, "parameters without a description");
        assertEquals(List.of(), garbled, "descriptions with markup that help renders badly");
    }

    @Test
    void parametersWithAPropertyNameItAndTheirDefaultIsRecorded() throws Exception {
        Element build = mojos().get("build");
        Element configuration = (Element) build.getElementsByTagName("configuration").item(0);
        Map<String, Element> byName = new LinkedHashMap<>();
        for (Node node = configuration.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                byName.put(element.getTagName(), element);
            }
        }
        assertEquals("${zeroimage.from}", byName.get("from").getTextContent());
        assertEquals("scratch", byName.get("from").getAttribute("default-value"));
        assertEquals("${zeroimage.image}", byName.get("image").getTextContent());
        assertEquals("${project.artifactId}:${project.version}", byName.get("image").getAttribute("default-value"));
        assertEquals("${zeroimage.allowInsecureRegistries}", byName.get("allowInsecureRegistries").getTextContent());
        assertEquals("false", byName.get("allowInsecureRegistries").getAttribute("default-value"));
    }

    private static Map<String, Element> mojos() throws Exception {
        assertTrue(Files.isRegularFile(DESCRIPTOR), "no descriptor at " + DESCRIPTOR + " (run process-classes)");
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(DESCRIPTOR.toFile());
        Map<String, Element> mojos = new LinkedHashMap<>();
        NodeList list = document.getElementsByTagName("mojo");
        for (int i = 0; i < list.getLength(); i++) {
            Element mojo = (Element) list.item(i);
            mojos.put(text(mojo, "goal"), mojo);
        }
        return mojos;
    }

    /** The text of a direct child element, or "". */
    private static String text(Element parent, String child) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(child)) {
                return element.getTextContent();
            }
        }
        return "";
    }

    private static List<Element> children(Element parent, String container, String child) {
        List<Element> found = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(container)) {
                for (Node inner = element.getFirstChild(); inner != null; inner = inner.getNextSibling()) {
                    if (inner instanceof Element item && item.getTagName().equals(child)) {
                        found.add(item);
                    }
                }
            }
        }
        return found;
    }
}
