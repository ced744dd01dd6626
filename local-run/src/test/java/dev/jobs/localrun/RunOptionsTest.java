package dev.jobs.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobs.localaws.rehearsal.Rehearsal;
import dev.jobs.localaws.rehearsal.TableCapacity;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The run command's rehearsal options are checked twice: by the root pom's run profile, before
 * anything is built, and by the backend. Both say the same thing of the same values.
 */
class RunOptionsTest {

  private static final Map<String, Rehearsal.Option> RULES =
      Map.of(
          "table.capacity", Rehearsal.CAPACITY_OPTION,
          "table.burst", Rehearsal.BURST_OPTION,
          "faults", Rehearsal.FAULTS_OPTION);

  @Test
  void theRunProfileChecksEachOptionAsTheBackendDoes() throws Exception {
    Map<String, Element> checked = runProfileRules();

    assertThat(checked).containsOnlyKeys(RULES.keySet());
    RULES.forEach(
        (option, rule) -> {
          Element check = checked.get(option);
          assertThat(text(check, "regex")).as(option).isEqualTo("|" + rule.pattern());
          assertThat(text(check, "regexMessage"))
              .as(option)
              .isEqualTo("-D" + option + "=${" + option + "} is not " + rule.what());
        });
  }

  @Test
  void thePatternsMeanWhatTheirWordsSay() {
    for (String good : List.of("1", "5", "40000", "on-demand", "39999")) {
      assertThat(good).matches(Rehearsal.CAPACITY_OPTION.pattern());
    }
    for (String bad : List.of("0", "40001", "1.5", "-1", "ten", " 5")) {
      assertThat(bad).doesNotMatch(Rehearsal.CAPACITY_OPTION.pattern());
    }
    for (String good : List.of("0", "7", "30", "299", "300")) {
      assertThat(good).matches(Rehearsal.BURST_OPTION.pattern());
    }
    for (String bad : List.of("301", "007", "-1", "1e2")) {
      assertThat(bad).doesNotMatch(Rehearsal.BURST_OPTION.pattern());
    }
    for (String good : List.of("0", "0.05", ".5", "1", "1.0", "0.")) {
      assertThat(good).matches(Rehearsal.FAULTS_OPTION.pattern());
      assertThat(Rehearsal.fromOptions(null, null, good, TableCapacity.ON_DEMAND).faultRate())
          .isBetween(0.0, 1.0);
    }
    for (String bad : List.of("1.5", "5%", "NaN", "-0.1", "1e-2", "2")) {
      assertThat(bad).doesNotMatch(Rehearsal.FAULTS_OPTION.pattern());
    }
  }

  /** The requireProperty rules of the root pom's run profile, by property. */
  private static Map<String, Element> runProfileRules() throws Exception {
    Document pom =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(Path.of("../pom.xml").toFile());
    NodeList rules =
        (NodeList)
            XPathFactory.newInstance()
                .newXPath()
                .evaluate(
                    "/*[local-name()='project']/*[local-name()='profiles']/*[local-name()='profile']"
                        + "[*[local-name()='id']='run']//*[local-name()='requireProperty']",
                    pom,
                    XPathConstants.NODESET);
    Map<String, Element> byProperty = new HashMap<>();
    for (int i = 0; i < rules.getLength(); i++) {
      Element rule = (Element) rules.item(i);
      byProperty.put(text(rule, "property"), rule);
    }
    return byProperty;
  }

  private static String text(Element parent, String child) {
    return parent.getElementsByTagName(child).item(0).getTextContent();
  }
}
