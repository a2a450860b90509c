package io.medstream.cli.sam;

import io.medstream.dicom.DicomReader;
import io.medstream.dicom.image.ScanImage;
import io.medstream.models.samunet.inference.MaskImages;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The image a {@code ./medstream sam} command reads: a DICOM file or a PNG. */
final class ImageFiles {
    private ImageFiles() {}

    /**
     * A PNG (recognised by its signature) as its luminance 0..255 ({@link ScanImage#grey}); any
     * other file as DICOM, the frame the stream would segment ({@link ScanImage#middleFrame}).
     */
    static ScanImage read(Path file) throws IOException {
        byte[] head = new byte[8];
        try (InputStream in = Files.newInputStream(file)) {
            in.readNBytes(head, 0, 8);
        }
        if ((head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') {
            int[] size = new int[2];
            double[] v = MaskImages.readGreyPng(file, size);
            return ScanImage.grey(v, size[0], size[1]);
        }
        return ScanImage.middleFrame(DicomReader.read(file));
    }
}
