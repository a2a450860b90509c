package io.medstream.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No inline fully qualified type name where an import would do, in every module's main and test
 * sources. A qualified name is allowed only where its simple name is taken in that file: imported
 * from another package, declared in the file, or a class of the file's own package.
 */
class InlineTypeNamesTest {

    /**
     * {@code java.util.Map}, {@code io.medstream.models.common.Sha256}: lower-case segments, then a
     * type.
     */
    private static final Pattern QUALIFIED =
            Pattern.compile(
                    "(?<![\\w.@])((?:java|javax|jdk|org|com|io|ai|me|picocli|ca|net)(?:\\.[a-z_]\\w*)+)\\.([A-Z]\\w*)");

    private static final Pattern IMPORT =
            Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)\\.(\\w+)\\s*;", Pattern.MULTILINE);
    private static final Pattern DECLARED =
            Pattern.compile("\\b(?:class|interface|enum|record)\\s+([A-Z]\\w*)");

    @Test
    void sourcesUseImportsInsteadOfInlineQualifiedNames() throws IOException {
        Path root =
                Path.of(System.getProperty("medstream.root", "..")).toAbsolutePath().normalize();
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> p.toString().contains("/src/"))
                    .filter(p -> !p.toString().contains("/target/"))
                    .forEach(p -> found.addAll(violations(root, p)));
        }
        assertThat(found).as("inline qualified type names; import them instead").isEmpty();
    }

    @Test
    void theRuleSeesQualifiedNamesAndAllowsTakenSimpleNames() {
        String code =
                "package a.b;\nimport java.awt.List;\nclass X {\n"
                        + "  java.util.Map<String, String> m = java.util.Map.of();\n"
                        + "  java.util.List<String> l; // java.util.Set in a comment\n"
                        + "  String s = \"java.util.Set\";\n}\n";
        assertThat(violations("X.java", code, Set.of()))
                .containsExactly("X.java:4 java.util.Map", "X.java:4 java.util.Map");
    }

    private static List<String> violations(Path root, Path file) {
        try {
            Set<String> samePackage = new HashSet<>();
            try (Stream<Path> siblings = Files.list(file.getParent())) {
                siblings.map(s -> s.getFileName().toString())
                        .filter(n -> n.endsWith(".java"))
                        .forEach(n -> samePackage.add(n.substring(0, n.length() - 5)));
            }
            return violations(
                    root.relativize(file).toString(), Files.readString(file), samePackage);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> violations(String name, String source, Set<String> samePackage) {
        Map<String, String> imported = new HashMap<>();
        Matcher im = IMPORT.matcher(source);
        while (im.find()) {
            imported.put(im.group(2), im.group(1) + "." + im.group(2));
        }
        String code = blankCommentsAndStrings(source);
        Set<String> declared = new HashSet<>(samePackage);
        Matcher dm = DECLARED.matcher(code);
        while (dm.find()) {
            declared.add(dm.group(1));
        }
        List<String> out = new ArrayList<>();
        String[] lines = code.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith("package ") || line.startsWith("import ")) {
                continue;
            }
            Matcher m = QUALIFIED.matcher(lines[i]);
            while (m.find()) {
                String simple = m.group(2);
                String fqcn = m.group(1) + "." + simple;
                String owner = imported.get(simple);
                boolean taken = (owner != null && !owner.equals(fqcn)) || declared.contains(simple);
                if (!taken) {
                    out.add(name + ":" + (i + 1) + " " + fqcn);
                }
            }
        }
        return out;
    }

    /** Comments and string/char literals become spaces; line breaks stay, so line numbers hold. */
    static String blankCommentsAndStrings(String s) {
        StringBuilder b = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (s.startsWith("//", i)) {
                while (i < s.length() && s.charAt(i) != '\n') {
                    b.append(' ');
                    i++;
                }
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                end = end < 0 ? s.length() : end + 2;
                for (; i < end; i++) {
                    b.append(s.charAt(i) == '\n' ? '\n' : ' ');
                }
            } else if (s.startsWith("\"\"\"", i)) {
                int end = s.indexOf("\"\"\"", i + 3);
                end = end < 0 ? s.length() : end + 3;
                for (; i < end; i++) {
                    b.append(s.charAt(i) == '\n' ? '\n' : ' ');
                }
            } else if (c == '"' || c == '\'') {
                b.append(' ');
                i++;
                while (i < s.length() && s.charAt(i) != c && s.charAt(i) != '\n') {
                    if (s.charAt(i) == '\\') {
                        b.append(' ');
                        i++;
                    }
                    b.append(' ');
                    i++;
                }
                if (i < s.length()) {
                    b.append(' ');
                    i++;
                }
            } else {
                b.append(c);
                i++;
            }
        }
        return b.toString();
    }
}
