package io.medstream.dicom;

import javax.imageio.stream.ImageInputStreamImpl;

import java.io.IOException;

/**
 * An ImageIO stream over a byte range that refuses to be read past a deadline. Third-party decoders
 * cannot be interrupted, but they read their codestream as they go (jj2000 reads every packet
 * header bit through its stream), so a decoder looping over a hostile codestream meets the deadline
 * at its next read and fails with an IOException instead of spinning for minutes.
 */
final class DeadlineImageInputStream extends ImageInputStreamImpl {
    private final byte[] data;
    private final int offset;
    private final int length;
    private final long deadlineNanos;
    private final long maxMillis;

    DeadlineImageInputStream(byte[] data, int offset, int length, long maxMillis) {
        this.data = data;
        this.offset = offset;
        this.length = length;
        this.maxMillis = maxMillis;
        this.deadlineNanos = System.nanoTime() + maxMillis * 1_000_000L;
    }

    @Override
    public int read() throws IOException {
        checkDeadline();
        bitOffset = 0;
        if (streamPos >= length) {
            return -1;
        }
        return data[offset + (int) streamPos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        checkDeadline();
        bitOffset = 0;
        if (len == 0) {
            return 0;
        }
        if (streamPos >= length) {
            return -1;
        }
        int n = (int) Math.min(len, length - streamPos);
        System.arraycopy(data, offset + (int) streamPos, b, off, n);
        streamPos += n;
        return n;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public void seek(long pos) throws IOException {
        checkDeadline();
        super.seek(pos);
    }

    private void checkDeadline() throws IOException {
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new DecodeDeadlineException(maxMillis);
        }
    }

    /** The decoder ran past its time bound. */
    static final class DecodeDeadlineException extends IOException {
        private static final long serialVersionUID = 1L;

        DecodeDeadlineException(long maxMillis) {
            super("frame decoding exceeded maxFrameDecodeMillis = " + maxMillis + " ms");
        }
    }
}
