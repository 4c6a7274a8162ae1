package io.mbt.steps.framework.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TaskSlotsTest {

  @Test
  void localMastersCountTheirThreads() {
    assertThat(TaskSlots.cores("local", 99)).isEqualTo(1);
    assertThat(TaskSlots.cores("local[2]", 99)).isEqualTo(2);
    assertThat(TaskSlots.cores("local[3,4]", 99)).isEqualTo(3);
    assertThat(TaskSlots.cores("local[*]", 99))
        .isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(TaskSlots.cores("local-cluster[2, 3, 1024]", 99)).isEqualTo(6);
  }

  @Test
  void clusterMastersUseDefaultParallelism() {
    assertThat(TaskSlots.cores("spark://host:7077", 16)).isEqualTo(16);
    assertThat(TaskSlots.cores("yarn", 8)).isEqualTo(8);
  }
}
