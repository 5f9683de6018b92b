/**
 * Data protection at rest and over time: {@link org.huxin.engine.protect.KeyRotationBatch} that
 * re-encrypts every encrypted column from the old data key to the new one in resumable batches
 * (while it runs, gateways read under both keys with {@link
 * org.huxin.engine.store.NameCipher#alsoReading}, which picks the key by the key id byte of each
 * ciphertext), {@link org.huxin.engine.protect.RetentionBatch} that archives the result partitions
 * of long-closed windows to verified, encrypted gzip files ({@link
 * org.huxin.engine.protect.ArchiveCipher}) and then detaches and drops them, {@link
 * org.huxin.engine.protect.ArchiveRestoreBatch} that checks such an archive and loads it back, and
 * {@link org.huxin.engine.protect.ProtectionCli} behind {@code ./huxin keys} and {@code ./huxin
 * retention}. These jobs connect as the schema's owner ({@code Store.openForJob}).
 */
package org.huxin.engine.protect;
