package io.medstream.schemas;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.SchemaParseException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every top-level schema must be able to read data written with the newest released version of
 * itself (Avro backward compatibility: new reader, old writer). Consumers upgrade after producers
 * in a rolling deploy, and dead letters written months ago must stay replayable.
 */
class SchemaCompatibilityTest {

    private static final Path CURRENT = Path.of("src/main/avro");
    private static final Path RELEASED = Path.of("src/test/resources/released");
    private static final List<String> TOP_LEVEL =
            List.of(
                    "ScanEvent",
                    "SegmentationResult",
                    "StudyReport",
                    "PreferencePair",
                    "ModelControl",
                    "DeadLetter");

    @Test
    void everySchemaReadsItsNewestReleasedVersion() {
        Map<String, Schema> current = parseAll(CURRENT);
        Path newest = newestRelease();
        Map<String, Schema> released = parseAll(newest);
        assertThat(current.keySet()).containsAll(released.keySet());
        for (String name : TOP_LEVEL) {
            Schema writer = released.get("io.medstream.schemas." + name);
            if (writer == null) {
                continue; // introduced after the newest release
            }
            Schema reader = current.get("io.medstream.schemas." + name);
            SchemaCompatibility.SchemaPairCompatibility result =
                    SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
            assertThat(result.getType())
                    .as(
                            "%s must read data written with release %s: %s",
                            name, newest.getFileName(), result.getResult().getIncompatibilities())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }
    }

    @Test
    void theCheckRejectsARemovedDefaultlessFieldAndATypeChange() {
        Schema released = parseAll(newestRelease()).get("io.medstream.schemas.ModelControl");
        // A new required field without default cannot be filled from old data.
        String added =
                released.toString()
                        .replace(
                                "{\"name\":\"sha256\"",
                                "{\"name\":\"tenant\",\"type\":\"string\"},{\"name\":\"sha256\"");
        Schema withRequiredField = new Schema.Parser().parse(added);
        assertThat(
                        SchemaCompatibility.checkReaderWriterCompatibility(
                                        withRequiredField, released)
                                .getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
        // string -> int is not a legal promotion.
        String retyped =
                released.toString()
                        .replace(
                                "{\"name\":\"version\",\"type\":\"string\"",
                                "{\"name\":\"version\",\"type\":\"int\"");
        assertThat(retyped).isNotEqualTo(released.toString());
        assertThat(
                        SchemaCompatibility.checkReaderWriterCompatibility(
                                        new Schema.Parser().parse(retyped), released)
                                .getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    @Test
    void generatedClassesMatchTheSourceSchemas() {
        Map<String, Schema> current = parseAll(CURRENT);
        // Parsing canonical form: ignores docs and the avro.java.string property the generator
        // adds.
        for (Schema generated :
                List.of(
                        ScanEvent.getClassSchema(),
                        SegmentationResult.getClassSchema(),
                        StudyReport.getClassSchema(),
                        PreferencePair.getClassSchema(),
                        ModelControl.getClassSchema(),
                        DeadLetter.getClassSchema())) {
            assertThat(SchemaNormalization.toParsingForm(generated))
                    .isEqualTo(
                            SchemaNormalization.toParsingForm(
                                    current.get(generated.getFullName())));
        }
    }

    private static Path newestRelease() {
        try (Stream<Path> dirs = Files.list(RELEASED)) {
            return dirs.filter(Files::isDirectory)
                    .max(Comparator.comparing(p -> Version.parse(p.getFileName().toString())))
                    .orElseThrow(
                            () ->
                                    new IllegalStateException(
                                            "no released schema folder under " + RELEASED));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses all .avsc files under a folder with one parser, shared types first, and keys them by
     * full name.
     */
    static Map<String, Schema> parseAll(Path root) {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> p.toString().endsWith(".avsc")).forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Shared types (those referenced by others) must be parsed first; retry until a fixed
        // point.
        // Each attempt gets a fresh parser seeded with the named types known so far, because a
        // failed
        // parse can leave half of a file's nested types registered in the parser.
        Map<String, Schema> known = new TreeMap<>();
        Map<String, Schema> out = new TreeMap<>();
        List<Path> pending = new ArrayList<>(files);
        while (!pending.isEmpty()) {
            List<Path> failed = new ArrayList<>();
            for (Path file : pending) {
                try {
                    Schema.Parser parser = new Schema.Parser();
                    parser.addTypes(known);
                    Schema s = parser.parse(Files.readString(file));
                    known.putAll(parser.getTypes());
                    out.put(s.getFullName(), s);
                } catch (SchemaParseException e) {
                    failed.add(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            if (failed.size() == pending.size()) {
                throw new IllegalStateException("unresolvable schemas: " + failed);
            }
            pending = failed;
        }
        return out;
    }

    private record Version(int[] parts) implements Comparable<Version> {
        static Version parse(String s) {
            String[] p = s.split("\\.");
            int[] parts = new int[p.length];
            for (int i = 0; i < p.length; i++) {
                parts[i] = Integer.parseInt(p[i]);
            }
            return new Version(parts);
        }

        @Override
        public int compareTo(Version o) {
            for (int i = 0; i < Math.max(parts.length, o.parts.length); i++) {
                int a = i < parts.length ? parts[i] : 0;
                int b = i < o.parts.length ? o.parts[i] : 0;
                if (a != b) {
                    return Integer.compare(a, b);
                }
            }
            return 0;
        }
    }
}
