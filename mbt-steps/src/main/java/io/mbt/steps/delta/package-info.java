/**
 * Delta Lake log stores and their safety for several writers.
 *
 * <p>{@link io.mbt.steps.delta.ExclusiveLocalLogStore} ({@code file://}) and {@link
 * io.mbt.steps.delta.ExclusiveS3LogStore} ({@code s3a://}) publish each Delta commit with an atomic
 * put-if-absent, so that of several processes committing the same version exactly one succeeds and
 * the others retry; {@link io.mbt.steps.delta.LogStores#describe} says which store serves a table and
 * whether it gives that guarantee ({@link io.mbt.steps.delta.LogStoreSafety}).
 */
package io.mbt.steps.delta;
