package io.edgemarket.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.api.ImageTar;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The market's image checker against every hostile case, and the layouts it must accept. */
class HostileImageTarsTest {
  static List<HostileImageTars.Case> hostile() {
    return HostileImageTars.cases();
  }

  static List<HostileImageTars.Case> accepted() {
    return HostileImageTars.accepted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostile")
  void eachHostileTarIsRefusedNamingWhatIsWrong(HostileImageTars.Case hostile) throws IOException {
    ImageTar.Scan scan =
        ImageTar.scan(new ByteArrayInputStream(hostile.tar()), hostile.tar().length);

    assertNotNull(scan.problem(), "accepted");
    assertTrue(scan.problem().contains(hostile.problem()), scan.problem());
    assertNull(scan.manifest());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void theLayoutsDockerSaveWritesAreAccepted(HostileImageTars.Case valid) throws IOException {
    assertNull(ImageTar.problem(new ByteArrayInputStream(valid.tar()), valid.tar().length));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostile")
  void aHostileTarIsRefusedAlsoWhenItsLengthIsUnknown(HostileImageTars.Case hostile)
      throws IOException {
    assertNotNull(ImageTar.problem(new ByteArrayInputStream(hostile.tar()), Long.MAX_VALUE));
  }

  @org.junit.jupiter.api.Test
  void everyCaseHasItsOwnName() {
    Set<String> names = new HashSet<>();
    hostile().forEach(each -> assertTrue(names.add(each.name()), each.name()));
    assertEquals(hostile().size(), names.size());
  }
}
