package io.medstream.operators.io;

import com.sun.management.ThreadMXBean;
import io.medstream.schemas.ModelControl;
import io.medstream.schemas.ModelKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AvroRecordsTest {

    private static ModelControl control() {
        return ModelControl.newBuilder()
                .setKind(ModelKind.SEGMENTATION)
                .setName("sam-unet")
                .setVersion("1")
                .setUri("file:///m")
                .setSha256("00")
                .setIssuedTimeMillis(Instant.ofEpochMilli(1234))
                .build();
    }

    @Test
    void roundTripsWithSingleObjectHeader() throws IOException {
        byte[] bytes = AvroRecords.encode(control());
        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        assertThat(AvroRecords.decode(ModelControl.class, bytes)).isEqualTo(control());
    }

    @Test
    void rejectsUnknownFingerprintWrongMagicAndTruncation() {
        byte[] bytes = AvroRecords.encode(control());
        byte[] otherSchema = bytes.clone();
        otherSchema[5] ^= 0x5A; // inside the 8-byte fingerprint
        assertThatThrownBy(() -> AvroRecords.decode(ModelControl.class, otherSchema))
                .isInstanceOf(IOException.class);
        byte[] badMagic = bytes.clone();
        badMagic[0] = 0x00;
        assertThatThrownBy(() -> AvroRecords.decode(ModelControl.class, badMagic))
                .isInstanceOf(IOException.class);
        byte[] truncated = Arrays.copyOf(bytes, 14);
        assertThatThrownBy(() -> AvroRecords.decode(ModelControl.class, truncated))
                .isInstanceOf(IOException.class);
    }

    /**
     * The fuzzer's reproducers (test-support/data/fuzz-findings): each is refused as an
     * IOException, the decoder's one documented error, before Avro allocates what it declares.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "mc_strlen_1GiB.avro, string declares 1073741824 bytes with 9 bytes left",
        "mc_strlen_400M.avro, string declares 400000000 bytes with 9 bytes left",
        "mc_strlen_2pow31.avro, declares",
        "mc_union_index_5.avro, union index",
        "mc_enum_index_4.avro, enum ModelKind index 4 is not in [0, 2)",
        "mc_enum_index_-1.avro, enum ModelKind index -1 is not in [0, 2)"
    })
    void fuzzFindingsAreRefusedBeforeAllocating(String file, String message) throws IOException {
        byte[] bytes = Files.readAllBytes(fuzzDir().resolve(file));
        var threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        assertThatThrownBy(() -> AvroRecords.decode(ModelControl.class, bytes))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(message);
        assertThat(threads.getThreadAllocatedBytes(id) - before).isLessThan(4L << 20);
    }

    @Test
    void theUnmutatedControlDecodes() throws IOException {
        byte[] bytes = Files.readAllBytes(fuzzDir().resolve("mc_ok.avro"));
        assertThat(AvroRecords.decode(ModelControl.class, bytes).getKind()).isNotNull();
    }

    @Test
    void aBodyWithTrailingBytesIsRefused() {
        byte[] bytes = AvroRecords.encode(control());
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);
        assertThatThrownBy(() -> AvroRecords.decode(ModelControl.class, longer))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("3 bytes follow the end of the ModelControl");
    }

    static Path fuzzDir() {
        String dir = System.getProperty("medstream.fuzz.dir");
        if (dir == null || !Files.isDirectory(Path.of(dir))) {
            throw new IllegalStateException(
                    "medstream.fuzz.dir must name test-support/data/fuzz-findings (surefire sets"
                            + " it); got "
                            + dir);
        }
        return Path.of(dir);
    }
}
