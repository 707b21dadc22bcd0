package io.edgemarket.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkdownSectionTest {
  private static final String DOC =
      "# B\n\nbefore\n\n## Load\n\nprose\n\n<!-- load-bench:begin -->\nold table\n"
          + "<!-- load-bench:end -->\n\n## After\n\nkept\n";

  @Test
  void replacesOnlyWhatIsBetweenTheMarkers() {
    String out = MarkdownSection.replace(DOC, "load-bench", "## Load", "| new |\n");
    assertEquals(DOC.replace("old table\n", "| new |\n"), out);
  }

  @Test
  void aSecondRunReplacesTheFirstRunsTable() {
    String once = MarkdownSection.replace(DOC, "load-bench", "## Load", "first");
    String twice = MarkdownSection.replace(once, "load-bench", "## Load", "second");
    assertEquals(DOC.replace("old table\n", "second\n"), twice);
  }

  @Test
  void appendsTheSectionWhenTheMarkersAreMissing() {
    String out = MarkdownSection.replace("# B\n", "load-bench", "## Load", "t\n");
    assertEquals("# B\n\n## Load\n\n<!-- load-bench:begin -->\nt\n<!-- load-bench:end -->\n", out);
  }

  @Test
  void mainRewritesTheFileInPlace(@TempDir Path dir) throws Exception {
    Path doc = Files.writeString(dir.resolve("B.md"), DOC);
    Path body = Files.writeString(dir.resolve("t.md"), "table\n");
    MarkdownSection.main(new String[] {doc.toString(), "load-bench", "## Load", body.toString()});
    assertEquals(DOC.replace("old table\n", "table\n"), Files.readString(doc));
  }
}
