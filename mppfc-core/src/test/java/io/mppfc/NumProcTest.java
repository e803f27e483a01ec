package io.mppfc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NumProcTest {

    @Test
    void theOriginalsRules() {
        assertThat(NumProc.parse("4").resolve(8)).isEqualTo(4);
        assertThat(NumProc.parse("0").resolve(8)).isEqualTo(8);
        assertThat(NumProc.parse("-1").resolve(8)).isEqualTo(7);
        assertThat(NumProc.parse("-7").resolve(8)).isEqualTo(1);
        assertThat(NumProc.parse("0.5").resolve(8)).isEqualTo(4);
        assertThat(NumProc.parse("0.1").resolve(8)).isEqualTo(1);
        assertThat(NumProc.parse("1.0").resolve(8)).isEqualTo(8);
        assertThat(NumProc.parse("all").resolve(8)).isEqualTo(8);
        assertThat(NumProc.parse(" ALL ").resolve(2)).isEqualTo(2);
    }

    @Test
    void errorsNameTheValueTheRuleAndTheCores() {
        assertThatThrownBy(() -> NumProc.count(9).resolve(8)).hasMessageContaining("9 is more than the 8 cores");
        assertThatThrownBy(() -> NumProc.count(-8).resolve(8)).hasMessageContaining("-8").hasMessageContaining("8 cores")
                .hasMessageContaining("leaves none");
        assertThatThrownBy(() -> NumProc.parse("1.5")).hasMessageContaining("1.5 is not in (0, 1]");
        assertThatThrownBy(() -> NumProc.parse("0.0")).hasMessageContaining("not in (0, 1]");
        assertThatThrownBy(() -> NumProc.parse("many")).hasMessageContaining("\"many\"").hasMessageContaining("\"all\"");
    }

    @Test
    void workersOnOtherMachinesTakeACountOfAnySizeAndNoShareOfTheseCores() {
        assertThat(NumProc.parse("64").resolveWithoutCores("Slurm job steps")).isEqualTo(64);
        for (String share : new String[] {"all", "0.5", "-1", "0"}) {
            assertThatThrownBy(() -> NumProc.parse(share).resolveWithoutCores("Slurm job steps"))
                    .hasMessageContaining("\"" + share + "\"").hasMessageContaining("Slurm job steps")
                    .hasMessageContaining("give a count");
        }
    }
}
