package io.medstream.operators.serving;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.functions.async.AsyncFunction;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperatorFactory;
import org.apache.flink.streaming.runtime.tasks.mailbox.Mail;
import org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailbox;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;

import java.util.Optional;

/**
 * Flink's own async wait operator (unordered, as the job runs it) around a stage, in the one-input
 * harness. Outputs arrive through the harness's mailbox: {@code endInput()} waits for every request
 * in flight; processing time drives the timeouts.
 */
public final class AsyncHarness {
    private AsyncHarness() {}

    public static <IN, OUT> OneInputStreamOperatorTestHarness<IN, OUT> open(
            AsyncFunction<IN, OUT> stage,
            TypeInformation<IN> in,
            long timeoutMillis,
            int capacity,
            OperatorSubtaskState restoreFrom)
            throws Exception {
        var h =
                new OneInputStreamOperatorTestHarness<>(
                        new AsyncWaitOperatorFactory<>(
                                stage,
                                timeoutMillis,
                                capacity,
                                AsyncDataStream.OutputMode.UNORDERED),
                        in.createSerializer(new SerializerConfigImpl()));
        if (restoreFrom != null) {
            h.initializeState(restoreFrom);
        }
        h.open();
        return h;
    }

    /**
     * Runs the mails waiting in the harness's mailbox (answers completed so far, e.g. by a timeout
     * that processing time fired), without ending the input.
     */
    public static void processMail(AbstractStreamOperatorTestHarness<?> h) throws Exception {
        Optional<Mail> mail;
        while ((mail = h.getTaskMailbox().tryTake(TaskMailbox.MIN_PRIORITY)).isPresent()) {
            mail.get().run();
        }
    }

    public static <IN, OUT> OneInputStreamOperatorTestHarness<IN, OUT> open(
            AsyncFunction<IN, OUT> stage, TypeInformation<IN> in, long timeoutMillis, int capacity)
            throws Exception {
        return open(stage, in, timeoutMillis, capacity, null);
    }
}
