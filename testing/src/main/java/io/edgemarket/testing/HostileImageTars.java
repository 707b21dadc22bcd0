package io.edgemarket.testing;

import io.edgemarket.model.crypto.Crypto;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Hostile container image tars (issue 13), one case per rule of model's {@code ImageTar}: each is a
 * valid {@code docker save} layout with one thing wrong, and says the problem the checker must
 * name. {@link #accepted} are layouts that must pass (the legacy and the OCI one, with in-archive
 * links), so that a case refused for some other reason shows up as a wrong message rather than a
 * pass.
 */
public final class HostileImageTars {
  /** A named hostile tar and (a fragment of) the problem that must be reported for it. */
  public record Case(String name, byte[] tar, String problem) {
    @Override
    public String toString() {
      return name;
    }
  }

  public static final String LAYER = "0123abcd/layer.tar";
  private static final String CONFIG = "config.json";
  private static final String MANIFEST =
      "[{\"Config\":\"config.json\",\"RepoTags\":[],\"Layers\":[\"" + LAYER + "\"]}]";

  private HostileImageTars() {}

  /** Valid image tars the checker must accept. */
  public static List<Case> accepted() {
    byte[] layer = layer(new TarWriter().directory("app/").file("app/run.sh", "#!/bin/sh\ncat\n"));
    String layerHex = Crypto.sha256Hex(layer);
    byte[] config = utf8("{\"config\":{\"Entrypoint\":[\"/app/run.sh\"]}}");
    String configHex = Crypto.sha256Hex(config);
    byte[] oci =
        new TarWriter()
            .directory("blobs/")
            .directory("blobs/sha256/")
            .file("blobs/sha256/" + layerHex, layer)
            .file("blobs/sha256/" + configHex, config)
            .directory(layerHex + "/")
            .symlink(layerHex + "/layer.tar", "../blobs/sha256/" + layerHex)
            .file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}")
            .file(
                "manifest.json",
                "[{\"Config\":\"blobs/sha256/"
                    + configHex
                    + "\",\"RepoTags\":[\"fn:latest\"],\"Layers\":[\""
                    + layerHex
                    + "/layer.tar\"]}]")
            .finish();
    return List.of(
        new Case("legacy layout", image(tar -> tar), null),
        new Case("oci layout, layer by symlink", oci, null),
        new Case("./ names", image(tar -> tar.directory("./").file("./extra", "x")), null));
  }

  /** One hostile tar per rule. */
  public static List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    add(
        cases,
        "parent component",
        tar -> tar.file("../evil", "x"),
        "entry \"../evil\" has a \"..\" component");
    add(
        cases,
        "parent component inside",
        tar -> tar.file("0123abcd/../../evil", "x"),
        "entry \"0123abcd/../../evil\" has a \"..\" component");
    add(
        cases,
        "absolute path",
        tar -> tar.file("/etc/cron.d/evil", "x"),
        "entry \"/etc/cron.d/evil\" is an absolute path");
    add(
        cases,
        "NUL in name",
        tar -> tar.file("manifest.json\0.evil", "x"),
        "entry \"manifest.json\\u0000.evil\" has a control character (0x00) in its name");
    add(
        cases,
        "control character in name",
        tar -> tar.file("evil\nname", "x"),
        "entry \"evil\\u000aname\" has a control character (0x0a) in its name");
    add(
        cases,
        "name too long",
        tar -> tar.file("a/".repeat(520) + "b", "x"),
        "has a name longer than 1024 bytes");
    add(
        cases,
        "symlink leaving the root",
        tar -> tar.symlink("0123abcd/up", "../../etc"),
        "symbolic link \"0123abcd/up\" points to \"../../etc\", outside the archive");
    add(
        cases,
        "absolute symlink",
        tar -> tar.symlink("passwd", "/etc/passwd"),
        "symbolic link \"passwd\" points to \"/etc/passwd\", outside the archive");
    add(
        cases,
        "symlink to the root",
        tar -> tar.symlink("root", "."),
        "symbolic link \"root\" points to \".\", the archive's root");
    add(
        cases,
        "hard link leaving the root",
        tar -> tar.hardLink("hard", "../outside"),
        "hard link \"hard\" points to \"../outside\", outside the archive");
    add(
        cases,
        "hard link to nothing",
        tar -> tar.hardLink("hard", "missing"),
        "hard link \"hard\" points to \"missing\", which is no file in the archive");
    add(
        cases,
        "entry under a symlink",
        tar -> tar.directory("sub/").symlink("alias", "sub").file("alias/x", "x"),
        "entry \"alias/x\" lies under the symbolic link \"alias\"");
    add(
        cases,
        "duplicate manifest",
        tar -> tar.file("manifest.json", "[]"),
        "entry \"manifest.json\" appears more than once");
    add(
        cases,
        "duplicate after ./",
        tar -> tar.file("./config.json", "{}"),
        "entry \"./config.json\" appears more than once");
    add(
        cases,
        "character device",
        tar -> tar.entry("dev/tty", '3', "", new byte[0], 0),
        "entry \"dev/tty\" is a character device");
    add(
        cases,
        "block device",
        tar -> tar.entry("dev/sda", '4', "", new byte[0], 0),
        "entry \"dev/sda\" is a block device");
    add(
        cases,
        "fifo",
        tar -> tar.entry("pipe", '6', "", new byte[0], 0),
        "entry \"pipe\" is a FIFO");
    add(
        cases,
        "unknown type",
        tar -> tar.entry("vol", 'V', "", new byte[0], 0),
        "entry \"vol\" is of type 'V', which image tars do not hold");
    add(
        cases,
        "content on a link",
        tar -> tar.entry("link", '2', "config.json", new byte[512], 512),
        "entry \"link\" of type '2' declares 512 bytes of content, which its type has none of");
    add(
        cases,
        "size beyond the archive",
        tar -> tar.entry("huge", '0', "", new byte[512], 1L << 30),
        "entry \"huge\" claims 1073741824 bytes, more than the ");
    add(
        cases,
        "oversized pax header",
        tar -> tar.pax("comment=" + "x".repeat(70_000)),
        "bytes, more than 65536");
    add(
        cases,
        "malformed pax header",
        tar -> tar.paxRaw(utf8("99 path=evil\n")),
        "malformed pax header at offset ");
    add(
        cases,
        "sparse file",
        tar -> tar.pax("GNU.sparse.major=1").file("sparse", "x"),
        "sparse file at offset ");
    add(cases, "too many entries", HostileImageTars::manyEntries, "more than 4096 entries");
    cases.add(
        new Case(
            "manifest missing",
            new TarWriter().file(LAYER, layer()).file(CONFIG, "{}").finish(),
            "a tar archive without manifest.json at its top level"));
    addManifest(cases, "manifest not JSON", "[{\"Config\":", "manifest.json is not JSON");
    addManifest(
        cases,
        "manifest of two images",
        "[" + MANIFEST.substring(1, MANIFEST.length() - 1) + "," + MANIFEST.substring(1),
        "manifest.json must be a JSON array of exactly one image");
    addManifest(
        cases, "manifest without config", "[{\"Layers\":[]}]", "manifest.json names no Config");
    addManifest(
        cases,
        "config not in the archive",
        "[{\"Config\":\"missing.json\",\"Layers\":[]}]",
        "manifest.json names config \"missing.json\", which is no file in the archive");
    addManifest(
        cases,
        "layer not in the archive",
        "[{\"Config\":\"config.json\",\"Layers\":[\"" + LAYER + "\",\"gone/layer.tar\"]}]",
        "manifest.json names layer \"gone/layer.tar\", which is no file in the archive");
    addManifest(
        cases,
        "too many layers",
        "[{\"Config\":\"config.json\",\"Layers\":["
            + ("\"" + LAYER + "\",").repeat(128)
            + "\""
            + LAYER
            + "\"]}]",
        "manifest.json names 129 layers, more than 128");
    addManifest(
        cases,
        "manifest too large",
        " ".repeat((1 << 20) + 1) + MANIFEST,
        "manifest.json is larger than 1048576 bytes");
    String named = Crypto.sha256Hex(utf8("what the name promises"));
    add(
        cases,
        "blob digest mismatch",
        tar -> tar.file("blobs/sha256/" + named, "other bytes"),
        "entry \"blobs/sha256/"
            + named
            + "\" hashes to "
            + Crypto.sha256Hex(utf8("other bytes"))
            + ", not its name");
    addLayer(
        cases,
        "layer entry with ..",
        new TarWriter().file("../../etc/cron.d/evil", "x"),
        "entry \"../../etc/cron.d/evil\" has a \"..\" component");
    addLayer(
        cases,
        "layer symlink climbing out",
        new TarWriter().symlink("a/b", "../../.."),
        "symbolic link \"a/b\" points to \"../../..\", outside the layer");
    addLayer(
        cases,
        "layer hard link climbing out",
        new TarWriter().hardLink("h", "../../x"),
        "hard link \"h\" points to \"../../x\", outside the layer");
    return cases;
  }

  private static void add(
      List<Case> cases, String name, UnaryOperator<TarWriter> extra, String problem) {
    cases.add(new Case(name, image(extra), problem));
  }

  private static void addManifest(List<Case> cases, String name, String manifest, String problem) {
    cases.add(
        new Case(
            name,
            new TarWriter()
                .file(LAYER, layer())
                .file(CONFIG, "{}")
                .file("manifest.json", manifest)
                .finish(),
            problem));
  }

  private static void addLayer(List<Case> cases, String name, TarWriter layer, String problem) {
    cases.add(
        new Case(
            name,
            new TarWriter()
                .file(LAYER, layer(layer))
                .file(CONFIG, "{}")
                .file("manifest.json", MANIFEST)
                .finish(),
            "layer \"" + LAYER + "\": " + problem));
  }

  private static TarWriter manyEntries(TarWriter tar) {
    for (int i = 0; i < 4096; i++) {
      tar.directory("d" + i + "/");
    }
    return tar;
  }

  /** A valid image with {@code extra} entries before its manifest. */
  private static byte[] image(UnaryOperator<TarWriter> extra) {
    TarWriter tar = new TarWriter().file(LAYER, layer()).file(CONFIG, "{}");
    return extra.apply(tar).file("manifest.json", MANIFEST).finish();
  }

  private static byte[] layer() {
    return layer(new TarWriter().file("app/run.sh", "#!/bin/sh\ncat\n"));
  }

  private static byte[] layer(TarWriter content) {
    return content.finish();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
