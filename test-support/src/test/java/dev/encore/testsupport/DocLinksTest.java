package dev.encore.testsupport;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every relative link of every Markdown file in the repository resolves inside it: the file exists and, for a
 * {@code #fragment}, so does a heading with that anchor (GitHub's rule: lower case, punctuation dropped, spaces as
 * hyphens). Links to the web are not followed.
 */
class DocLinksTest {

    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    private static final Set<String> SKIPPED = Set.of("target", ".encore", "results", "node_modules", ".git");

    private final Path root = ApiDoc.file().getParent().getParent();

    @Test
    void everyRelativeLinkResolvesInsideTheRepository() throws IOException {
        List<String> broken = new ArrayList<>();
        List<Path> documents = markdownFiles();
        assertTrue(documents.contains(root.resolve("docs/architecture.md")), "docs/architecture.md exists");
        for (Path document : documents) {
            Matcher link = LINK.matcher(Files.readString(document));
            while (link.find()) {
                String target = link.group(1);
                if (!target.matches("^[a-z]+:.*")) {
                    check(document, target).ifPresent(problem -> broken.add(root.relativize(document) + ": " + target + " " + problem));
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    private Optional<String> check(Path document, String target) throws IOException {
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path resolved = file.isEmpty() ? document : document.getParent().resolve(file).normalize();
        if (!resolved.startsWith(root)) {
            return Optional.of("leaves the repository");
        }
        if (!Files.exists(resolved)) {
            return Optional.of("does not exist");
        }
        if (hash >= 0 && Files.isRegularFile(resolved) && resolved.toString().endsWith(".md")
                && !anchors(resolved).contains(target.substring(hash + 1))) {
            return Optional.of("names no heading there");
        }
        return Optional.empty();
    }

    private static Set<String> anchors(Path markdown) throws IOException {
        try (Stream<String> lines = Files.lines(markdown)) {
            return lines.filter(line -> line.startsWith("#"))
                    .map(line -> line.replaceFirst("^#+\\s*", "").strip().toLowerCase()
                            .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'))
                    .collect(Collectors.toSet());
        }
    }

    private List<Path> markdownFiles() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(path -> path.toString().endsWith(".md"))
                    .filter(path -> Stream.of(root.relativize(path).toString().split("/")).noneMatch(SKIPPED::contains))
                    .toList();
        }
    }
}
