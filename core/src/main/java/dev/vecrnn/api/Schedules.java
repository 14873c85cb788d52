package dev.vecrnn.api;

import dev.vecrnn.internal.train.Clipping;
import dev.vecrnn.internal.train.LearningRateSchedule;
import dev.vecrnn.internal.train.LearningRateSchedule.Period;

/** The clipping and learning-rate schedule that a run's settings describe. */
final class Schedules {
    private Schedules() {
    }

    static Clipping clipping(TrainSettings s) {
        if (s.clipNorm() != null) {
            return Clipping.norm(s.clipNorm());
        }
        double limit = s.clipValue();
        return limit == 0 ? Clipping.none() : Clipping.value(limit);
    }

    static LearningRateSchedule schedule(TrainSettings s) {
        if (s.lrDecay() == null) {
            return LearningRateSchedule.constant();
        }
        Period every = s.lrDecayEvery() == null ? Period.ofEpochs(1) : Period.parse(s.lrDecayEvery(), "lrDecayEvery");
        Period after = s.lrDecayAfter() == null ? Period.ZERO : Period.parse(s.lrDecayAfter(), "lrDecayAfter");
        return LearningRateSchedule.stepDecay(s.lrDecay(), every, after);
    }
}
