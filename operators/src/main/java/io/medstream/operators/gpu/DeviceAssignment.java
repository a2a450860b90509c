package io.medstream.operators.gpu;

import org.apache.flink.api.common.externalresource.ExternalResourceInfo;

import ai.djl.Device;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Maps the GPUs that Flink's external-resource framework gave a subtask ({@code
 * external-resource.gpu.*}, read with {@code getRuntimeContext().getExternalResourceInfos("gpu")})
 * to a DJL {@link Device}. Flink's GPU driver reports each GPU as an {@link ExternalResourceInfo}
 * with an {@code index} property. Without a GPU, or when the engine sees none (a CPU-only
 * libtorch), the model runs on the CPU.
 */
public final class DeviceAssignment {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceAssignment.class);

    /** Resource name used in {@code external-resources: gpu}. */
    public static final String GPU_RESOURCE = "gpu";

    private DeviceAssignment() {}

    /** The first GPU index among the infos, if any (ordered by index for determinism). */
    public static OptionalInt gpuIndex(Collection<ExternalResourceInfo> infos) {
        return infos.stream()
                .map(i -> i.getProperty("index"))
                .flatMap(Optional::stream)
                .mapToInt(
                        s -> {
                            try {
                                return Integer.parseInt(s.trim());
                            } catch (NumberFormatException e) {
                                return -1;
                            }
                        })
                .filter(i -> i >= 0)
                .sorted()
                .findFirst();
    }

    /**
     * The device for this subtask.
     *
     * @param engineGpuCount GPUs the DJL engine can use ({@code
     *     Engine.getInstance().getGpuCount()})
     */
    public static Device device(Collection<ExternalResourceInfo> infos, int engineGpuCount) {
        OptionalInt index = gpuIndex(infos);
        if (index.isEmpty()) {
            return Device.cpu();
        }
        if (index.getAsInt() >= engineGpuCount) {
            LOG.warn(
                    "Flink assigned GPU {} but the engine sees {} GPU(s) (CPU-only libtorch?); running on the CPU",
                    index.getAsInt(),
                    engineGpuCount);
            return Device.cpu();
        }
        return Device.gpu(index.getAsInt());
    }
}
