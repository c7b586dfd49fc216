package dev.switchboard.cli.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SequenceCheckerTest {
    private final SequenceChecker checker = new SequenceChecker();

    private void accept(long... seqs) {
        for (long s : seqs) checker.accept(s);
    }

    @Test
    void everythingOnceAndInOrderIsClean() {
        accept(0, 1, 2, 3, 4);

        assertThat(checker.received()).isEqualTo(5);
        assertThat(checker.lost(5)).isZero();
        assertThat(checker.duplicates()).isZero();
        assertThat(checker.outOfOrder()).isZero();
        assertThat(checker.complete(5)).isTrue();
    }

    @Test
    void aGapIsLost() {
        accept(0, 1, 3, 4);

        assertThat(checker.lost(5)).isEqualTo(1);
        assertThat(checker.complete(5)).isFalse();
        assertThat(checker.outOfOrder()).isZero();
    }

    @Test
    void theMissingTailIsLost() {
        accept(0, 1);

        assertThat(checker.lost(5)).isEqualTo(3);
    }

    @Test
    void aRepeatIsADuplicateAndNotCountedTwice() {
        accept(0, 1, 1, 2, 0);

        assertThat(checker.duplicates()).isEqualTo(2);
        assertThat(checker.received()).isEqualTo(3);
        assertThat(checker.outOfOrder()).isZero();
    }

    @Test
    void aLateArrivalIsOutOfOrderButNotLost() {
        accept(0, 2, 1, 3);

        assertThat(checker.outOfOrder()).isEqualTo(1);
        assertThat(checker.lost(4)).isZero();
    }

    @Test
    void unusableNumbersAreCountedApart() {
        accept(-1, Long.MAX_VALUE, 0);

        assertThat(checker.invalid()).isEqualTo(2);
        assertThat(checker.received()).isEqualTo(1);
    }

    @Test
    void correctnessSumsReceiversAndFlagsAnyError() {
        SequenceChecker clean = new SequenceChecker();
        SequenceChecker lossy = new SequenceChecker();
        for (int i = 0; i < 3; i++) clean.accept(i);
        lossy.accept(0);
        lossy.accept(2);
        lossy.accept(2);

        Correctness c = Correctness.of(List.of(clean, lossy), 3, 0);

        assertThat(c).isEqualTo(new Correctness(6, 5, 1, 1, 0, 0));
        assertThat(c.flagged()).isTrue();
        assertThat(Correctness.of(List.of(clean), 3, 0).flagged()).isFalse();
        assertThat(Correctness.of(List.of(clean), 3, 1).flagged()).isTrue();
    }
}
