/**
 * Internal to vecrnn: not part of its API ({@code dev.vecrnn.api}) or plugin contract
 * ({@code dev.vecrnn.spi}), and may change in any release.
 */
package dev.vecrnn.internal.io;
