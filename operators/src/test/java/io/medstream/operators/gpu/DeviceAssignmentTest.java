package io.medstream.operators.gpu;

import org.apache.flink.api.common.externalresource.ExternalResourceInfo;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceAssignmentTest {

    /** What Flink's GPUDriver hands out: one info per GPU with an "index" property. */
    private static ExternalResourceInfo gpu(String index) {
        Map<String, String> props = Map.of("index", index);
        return new ExternalResourceInfo() {
            @Override
            public Optional<String> getProperty(String key) {
                return Optional.ofNullable(props.get(key));
            }

            @Override
            public Collection<String> getKeys() {
                return props.keySet();
            }
        };
    }

    @Test
    void noGpuResourceMeansCpu() {
        assertThat(DeviceAssignment.device(List.of(), 0)).isEqualTo(Device.cpu());
        assertThat(DeviceAssignment.device(List.of(), 4)).isEqualTo(Device.cpu());
    }

    @Test
    void assignedIndexMapsToThatGpuWhenTheEngineHasIt() {
        assertThat(DeviceAssignment.device(List.of(gpu("1")), 2)).isEqualTo(Device.gpu(1));
        assertThat(DeviceAssignment.device(List.of(gpu("3"), gpu("2")), 4))
                .isEqualTo(Device.gpu(2));
    }

    @Test
    void fallsBackToCpuWhenTheEngineCannotSeeTheGpuOrTheIndexIsGarbage() {
        assertThat(DeviceAssignment.device(List.of(gpu("0")), 0)).isEqualTo(Device.cpu());
        assertThat(DeviceAssignment.device(List.of(gpu("x")), 2)).isEqualTo(Device.cpu());
        assertThat(DeviceAssignment.gpuIndex(List.of(gpu(" 5 ")))).hasValue(5);
    }
}
