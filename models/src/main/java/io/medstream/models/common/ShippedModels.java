package io.medstream.models.common;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The one place that says where the shipped models are: their classpath folders and the cache
 * directory they are unpacked into when they sit inside a jar (a TaskManager running the shaded job
 * jar, the CLI's fat class path). From a build tree they are used in place.
 *
 * <p>The cache is {@code -Dmedstream.cache.dir}, else {@code $MEDSTREAM_CACHE_DIR}, else {@code
 * <java.io.tmpdir>/medstream-models}. Unpacking compares contents, so one cache can serve every
 * version of the jar on a host.
 */
public final class ShippedModels {
    private ShippedModels() {}

    /** Classpath folder of the shipped tiny SAM-UNet (model card, weights). */
    public static final String SAM_UNET = "/samunet/tiny";

    /**
     * Classpath folder of the shipped report models: {@code base/}, {@code scorer/}, {@code
     * dpo<t>/}.
     */
    public static final String REPORT = "/report";

    /** System property that moves the cache. */
    public static final String CACHE_DIR_PROPERTY = "medstream.cache.dir";

    /** Environment variable that moves the cache when the property is not set. */
    public static final String CACHE_DIR_ENV = "MEDSTREAM_CACHE_DIR";

    /** Where models inside a jar are unpacked. */
    public static Path cacheRoot() {
        String dir = System.getProperty(CACHE_DIR_PROPERTY);
        if (dir == null || dir.isBlank()) {
            dir = System.getenv(CACHE_DIR_ENV);
        }
        if (dir == null || dir.isBlank()) {
            return Path.of(System.getProperty("java.io.tmpdir"), "medstream-models");
        }
        return Path.of(dir);
    }

    /** The shipped SAM-UNet folder as a real directory. */
    public static Path samUnetDir() throws IOException {
        return ShippedResources.directory(SAM_UNET, cacheRoot());
    }

    /** The shipped report models' root as a real directory. */
    public static Path reportRoot() throws IOException {
        return ShippedResources.directory(REPORT, cacheRoot());
    }
}
