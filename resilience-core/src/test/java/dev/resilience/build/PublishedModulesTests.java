package dev.resilience.build;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Build rules as a test: what users import must stay complete. Every module of the reactor that is published
 * (no {@code maven.deploy.skip}) is in {@code resilience-bom} at the project version, the BOM has no parent
 * (so it imposes no Spring Boot versions on users) and imports nothing, and each published module names and
 * describes itself.
 */
class PublishedModulesTests {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theBomManagesEveryPublishedModuleAtTheProjectVersionAndNothingElse() throws Exception {
        Document bom = read(ROOT.resolve("resilience-bom/pom.xml"));
        assertThat(children(bom.getDocumentElement(), "parent")).as("resilience-bom must not have a parent").isEmpty();
        List<String> managed = new ArrayList<>();
        for (Element dependency : elements(bom, "dependency")) {
            assertThat(text(dependency, "groupId")).isEqualTo("dev.resilience");
            assertThat(text(dependency, "version")).isEqualTo("${project.version}");
            assertThat(text(dependency, "scope")).as("the BOM imports no other BOM").isNotEqualTo("import");
            managed.add(text(dependency, "artifactId"));
        }
        Document parent = read(ROOT.resolve("pom.xml"));
        assertThat(text(bom.getDocumentElement(), "version")).isEqualTo(text(parent.getDocumentElement(), "version"));

        for (String module : published(parent)) {
            if (!module.equals("resilience-bom")) {
                assertThat(managed).as("resilience-bom manages " + module).contains(module);
            }
        }
    }

    @Test
    void everyPublishedModuleHasANameAndADescription() throws Exception {
        for (String module : published(read(ROOT.resolve("pom.xml")))) {
            Element project = read(ROOT.resolve(module).resolve("pom.xml")).getDocumentElement();
            assertThat(text(project, "name")).as(module + " <name>").isNotBlank();
            assertThat(text(project, "description")).as(module + " <description>").isNotBlank();
        }
    }

    /** The root's modules whose POM does not skip deployment. */
    private static List<String> published(Document root) throws Exception {
        List<String> published = new ArrayList<>();
        for (Element module : elements(root, "module")) {
            String name = module.getTextContent().trim();
            Path pom = ROOT.resolve(name).resolve("pom.xml");
            if (Files.exists(pom) && !Files.readString(pom).contains("<maven.deploy.skip>true</maven.deploy.skip>")) {
                published.add(name);
            }
        }
        assertThat(published).contains("resilience-core", "resilience-spring-boot-starter");
        return published;
    }

    private static Document read(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    private static List<Element> elements(Document document, String tag) {
        NodeList nodes = document.getElementsByTagName(tag);
        List<Element> found = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            found.add((Element) nodes.item(i));
        }
        return found;
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> found = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && element.getTagName().equals(tag)) {
                found.add(element);
            }
        }
        return found;
    }

    /** The text of the direct child {@code tag} of {@code parent}, or {@code null}. */
    private static String text(Element parent, String tag) {
        List<Element> found = children(parent, tag);
        return found.isEmpty() ? null : found.get(0).getTextContent().trim();
    }
}
