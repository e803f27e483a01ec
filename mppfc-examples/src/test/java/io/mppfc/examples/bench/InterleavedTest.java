package io.mppfc.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmarks' shared statistics: what every ratio in the README's tables is computed by. */
class InterleavedTest {

    @Test
    void referenceAndOursTakeTurnsGoingFirst() throws Exception {
        Interleaved measure = new Interleaved("turns");
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            measure.pair(() -> {
                order.add("reference");
                return 1;
            }, () -> {
                order.add("ours");
                return 1;
            }, i > 0);
        }
        assertThat(order).containsExactly("reference", "ours", "ours", "reference", "reference", "ours", "ours",
                "reference");
        assertThat(measure.runs()).isEqualTo(3);
    }

    @Test
    void ratiosAreTakenPairByPairNotFromTheMedians() {
        Interleaved measure = new Interleaved("pairs");
        measure.add(new double[] {100, 10}, new double[] {200, 10});
        measure.add(new double[] {400, 10}, new double[] {100, 30});
        measure.add(new double[] {50, 10}, new double[] {150, 20});
        assertThat(measure.ratios(0)).containsExactly(2.0, 0.25, 3.0);
        assertThat(measure.ratios(1)).containsExactly(1.0, 3.0, 2.0);
        assertThat(Interleaved.spread(measure.ratios(0), 1, "%.2f")).isEqualTo("0.25 / 2.00 / 3.00");
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(Interleaved.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(Interleaved.median(new double[] {5, 1, 3})).isEqualTo(3.0);
    }

    @Test
    void aRowOfFewerThanFiveRunsIsRefused() {
        Interleaved measure = new Interleaved("few");
        for (int i = 0; i < Interleaved.MIN_RUNS - 1; i++) {
            measure.add(new double[] {1, 1}, new double[] {1, 1});
        }
        assertThatThrownBy(measure::cell).isInstanceOf(IllegalStateException.class).hasMessageContaining("4 runs");
    }

    @Test
    void eachArmGoesFirstInTurn() {
        List<String> arms = List.of("a", "b", "c");
        assertThat(Interleaved.rotated(arms, 0)).containsExactly("a", "b", "c");
        assertThat(Interleaved.rotated(arms, 1)).containsExactly("c", "a", "b");
        assertThat(Interleaved.rotated(arms, 2)).containsExactly("b", "c", "a");
    }
}
