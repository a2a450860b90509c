package io.medstream.models.common;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Gives the shipped model directories (classpath resources such as {@code /report/base}) as a real
 * directory. From a build tree they are used in place; from a jar they are copied once into a cache
 * directory, because the model loaders read files by path.
 */
public final class ShippedResources {
    private ShippedResources() {}

    /**
     * @param resourceDir classpath directory, e.g. {@code /report}
     * @param cacheRoot where to unpack it when it sits in a jar
     */
    public static Path directory(String resourceDir, Path cacheRoot) throws IOException {
        // Several operator subtasks of one TaskManager unpack at the same time; they share the
        // jar's zip file
        // system, which its creator closes when done, so the whole unpacking is one critical
        // section per JVM.
        synchronized (ShippedResources.class) {
            return unpack(resourceDir, cacheRoot);
        }
    }

    private static Path unpack(String resourceDir, Path cacheRoot) throws IOException {
        URL url = ShippedResources.class.getResource(resourceDir);
        if (url == null) {
            throw new IOException("shipped resource " + resourceDir + " is not on the classpath");
        }
        URI uri;
        try {
            uri = url.toURI();
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        if ("file".equals(uri.getScheme())) {
            return Path.of(uri);
        }
        Path target = cacheRoot.resolve(resourceDir.replaceFirst("^/", ""));
        FileSystem fs;
        boolean close = false;
        try {
            fs = FileSystems.newFileSystem(uri, Map.of());
            close = true;
        } catch (FileSystemAlreadyExistsException e) {
            fs = FileSystems.getFileSystem(uri);
        }
        try {
            Path source = fs.provider().getPath(uri);
            List<Path> files;
            try (Stream<Path> walk = Files.walk(source)) {
                files = walk.filter(Files::isRegularFile).toList();
            }
            for (Path f : files) {
                Path dest = target.resolve(source.relativize(f).toString());
                // Unpacked before, by this same jar? Compare contents, not sizes: a retrained model
                // has weight files
                // of exactly the same size, and a stale copy would silently serve the old version.
                if (Files.exists(dest)
                        && Files.size(dest) == Files.size(f)
                        && Arrays.equals(Files.readAllBytes(dest), Files.readAllBytes(f))) {
                    continue;
                }
                Files.createDirectories(dest.getParent());
                // temp file + atomic rename: another JVM on the host never reads a half-written
                // weight file
                Path tmp =
                        Files.createTempFile(
                                dest.getParent(), dest.getFileName().toString(), ".part");
                try (InputStream in = Files.newInputStream(f)) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.move(
                        tmp,
                        dest,
                        StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            if (close) {
                fs.close();
            }
        }
        return target;
    }
}
