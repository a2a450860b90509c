package io.medstream.operators.serving;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

import io.medstream.models.lifecycle.ModelSlot;
import io.medstream.models.lifecycle.ModelSwapException;
import io.medstream.models.lifecycle.ModelVersion;
import io.medstream.operators.deadletter.DeadLetterReason;
import io.medstream.operators.deadletter.DeadLetters;
import io.medstream.operators.deadletter.ErrorStrategy;
import io.medstream.schemas.ModelControl;
import io.medstream.schemas.ModelKind;
import io.medstream.schemas.internal.ServingVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.util.Objects;

/**
 * The control half of an asynchronous model stage, on the task thread in front of it (chained):
 * keeps the active version of one {@link ModelKind} in broadcast state, from the {@code
 * models.control} commands, and attaches it to every request. The async stage's workers swap to the
 * version a request names ({@link AsyncModelStage}); the router holds no model.
 *
 * <p>A command whose weights cannot be read or whose SHA-256 differs from the announced one never
 * enters the state: it becomes one {@code model-load} dead letter (reason VERIFY or CHECKSUM) per
 * subtask and the old version keeps serving. Broadcast state is checkpointed, so after a restore
 * requests name the version that was active.
 *
 * @param <IN> stage input
 * @param <REQ> request: the input with the version attached
 */
public final class ModelVersionRouter<IN, REQ>
        extends BroadcastProcessFunction<IN, ModelControl, REQ> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ModelVersionRouter.class);

    /** Active version per model kind; the descriptor every stage's router shares. */
    public static final MapStateDescriptor<String, ModelVersion> ACTIVE_MODELS =
            new MapStateDescriptor<>(
                    "active-models", Types.STRING, TypeInformation.of(ModelVersion.class));

    /** Builds a request from an input and the version to serve it (null: none announced). */
    @FunctionalInterface
    public interface Requests<IN, REQ> extends Serializable {
        REQ of(IN input, ServingVersion version);
    }

    private final ModelKind kind;
    private final Requests<IN, REQ> requests;
    private final ErrorStrategy errorStrategy;
    private final long inlineLimitBytes;

    private transient DeadLetters deadLetters;

    /**
     * @param errorStrategy what a rejected command becomes (the stage's strategy)
     * @param inlineLimitBytes largest command kept inline in its dead letter
     */
    public ModelVersionRouter(
            ModelKind kind,
            Requests<IN, REQ> requests,
            ErrorStrategy errorStrategy,
            long inlineLimitBytes) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.requests = Objects.requireNonNull(requests, "requests");
        this.errorStrategy = Objects.requireNonNull(errorStrategy, "errorStrategy");
        this.inlineLimitBytes = inlineLimitBytes;
    }

    @Override
    public void open(OpenContext openContext) {
        deadLetters =
                new DeadLetters(
                        errorStrategy,
                        null,
                        inlineLimitBytes,
                        getRuntimeContext()
                                .getMetricGroup()
                                .addGroup("medstream")
                                .addGroup(kind.name().toLowerCase() + "-control"));
    }

    @Override
    public void processElement(IN value, ReadOnlyContext ctx, Collector<REQ> out) throws Exception {
        ModelVersion v = ctx.getBroadcastState(ACTIVE_MODELS).get(kind.name());
        out.collect(requests.of(value, v == null ? null : toAvro(v)));
    }

    @Override
    public void processBroadcastElement(ModelControl cmd, Context ctx, Collector<REQ> out)
            throws Exception {
        if (cmd.getKind() != kind) {
            return;
        }
        ModelVersion next =
                new ModelVersion(cmd.getName(), cmd.getVersion(), cmd.getUri(), cmd.getSha256());
        BroadcastState<String, ModelVersion> state = ctx.getBroadcastState(ACTIVE_MODELS);
        ModelVersion old = state.get(kind.name());
        try {
            ModelSlot.verify(next);
            state.put(kind.name(), next);
            LOG.info("{} requests are now served by {}", kind, next);
        } catch (ModelSwapException e) {
            String serving = old == null ? "the shipped version" : old.toString();
            LOG.warn("{} stage keeps serving {}: {}", kind, serving, e.getMessage());
            deadLetters
                    .letter(
                            AsyncModelStage.MODEL_LOAD_STAGE,
                            DeadLetterReason.Control.ofSwap(e.reason()),
                            e.getCause() != null
                                    ? e.getCause().getClass().getName()
                                    : e.getClass().getName(),
                            e.getMessage() + "; still serving " + serving)
                    .input(cmd)
                    .time(
                            cmd.getIssuedTimeMillis() != null
                                    ? cmd.getIssuedTimeMillis().toEpochMilli()
                                    : 0)
                    .emit(ctx::output);
        }
    }

    public static ServingVersion toAvro(ModelVersion v) {
        return new ServingVersion(v.name(), v.version(), v.uri(), v.sha256());
    }

    /** The version a request carries; null stays null (none announced). */
    public static ModelVersion fromAvro(ServingVersion v) {
        return v == null
                ? null
                : new ModelVersion(v.getName(), v.getVersion(), v.getUri(), v.getSha256());
    }
}
