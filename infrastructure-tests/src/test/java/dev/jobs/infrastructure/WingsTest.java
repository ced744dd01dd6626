package dev.jobs.infrastructure;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The two wings of the build (decision record 0023): the product, what deploys and what consumers
 * import, never depends on the tooling that rehearses and checks it, in any scope or profile; the
 * tooling may depend on the product.
 */
class WingsTest {

  private static final Set<String> PRODUCT_MODULES =
      Set.of(
          "api-spec",
          "lambda-support",
          "job-store",
          "job-api",
          "generated-client",
          "pipeline-lambdas");

  private static final Set<String> TOOLING_MODULES =
      Set.of("local-aws", "local-lambda", "local-run", "integration-tests", "infrastructure-tests");

  private static final String[] PRODUCT_PACKAGES = {
    "dev.jobs.api..",
    "dev.jobs.client..",
    "dev.jobs.lambda..",
    "dev.jobs.model..",
    "dev.jobs.pipeline..",
    "dev.jobs.spec..",
    "dev.jobs.store.."
  };

  private static final String[] TOOLING_PACKAGES = {
    "dev.jobs.localaws..",
    "dev.jobs.locallambda..",
    "dev.jobs.localrun..",
    "dev.jobs.infrastructure.."
  };

  private static final Path ROOT = Path.of("..");

  @Test
  void everyModuleBelongsToOneWing() throws Exception {
    assertThat(elements(parse(ROOT.resolve("pom.xml")), "module"))
        .containsExactlyInAnyOrderElementsOf(
            Stream.concat(PRODUCT_MODULES.stream(), TOOLING_MODULES.stream()).toList());
  }

  @Test
  void noProductModuleDependsOnTheToolingInAnyScopeOrProfile() throws Exception {
    Map<String, List<String>> toolingUsed = new TreeMap<>();
    for (String module : PRODUCT_MODULES) {
      Document pom = parse(ROOT.resolve(module).resolve("pom.xml"));
      NodeList dependencies = pom.getElementsByTagName("dependency");
      List<String> used = new ArrayList<>();
      for (int i = 0; i < dependencies.getLength(); i++) {
        Element dependency = (Element) dependencies.item(i);
        String artifactId = text(dependency, "artifactId");
        if ("dev.jobs".equals(text(dependency, "groupId"))
            && TOOLING_MODULES.contains(artifactId)) {
          used.add(artifactId);
        }
      }
      toolingUsed.put(module, used);
    }

    assertThat(toolingUsed).allSatisfy((module, used) -> assertThat(used).as(module).isEmpty());
  }

  @Test
  void noProductClassUsesATool() {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.jobs");

    assertThat(classes.stream().map(type -> type.getPackageName()).collect(Collectors.toSet()))
        .as("the product and the tooling but local-run (below) are on this classpath")
        .anyMatch(name -> name.startsWith("dev.jobs.client"))
        .anyMatch(name -> name.startsWith("dev.jobs.pipeline"))
        .anyMatch(name -> name.startsWith("dev.jobs.localaws"));
    classes()
        .should()
        .resideInAnyPackage(
            Stream.concat(Stream.of(PRODUCT_PACKAGES), Stream.of(TOOLING_PACKAGES))
                .toArray(String[]::new))
        .because("a new package belongs to a wing")
        .check(classes);
    noClasses()
        .that()
        .resideInAnyPackage(PRODUCT_PACKAGES)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(TOOLING_PACKAGES)
        .check(classes);
  }

  /**
   * local-run depends on every other module and nothing on it, so this module runs beside it rather
   * than after it, without its classes: a product class that used one is still caught above (a
   * dependency is read from the class that has it), and local-run's own packages are read from its
   * sources.
   */
  @Test
  void everyLocalRunClassIsTooling() throws Exception {
    List<String> packages;
    try (Stream<Path> sources = Files.walk(ROOT.resolve("local-run").resolve("src"))) {
      packages =
          sources
              .filter(file -> file.toString().endsWith(".java"))
              .map(WingsTest::packageOf)
              .distinct()
              .toList();
    }

    assertThat(packages)
        .isNotEmpty()
        .allMatch(name -> name.startsWith("dev.jobs.localrun"), "a tooling package");
  }

  private static String packageOf(Path source) {
    try (Stream<String> lines = Files.lines(source)) {
      return lines
          .filter(line -> line.startsWith("package "))
          .map(line -> line.substring("package ".length(), line.indexOf(';')))
          .findFirst()
          .orElse("(none) in " + source);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Document parse(Path pom) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
  }

  private static List<String> elements(Document document, String tag) {
    NodeList nodes = document.getElementsByTagName(tag);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      texts.add(nodes.item(i).getTextContent().strip());
    }
    return texts;
  }

  private static String text(Element parent, String tag) {
    NodeList nodes = parent.getElementsByTagName(tag);
    return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().strip();
  }
}
