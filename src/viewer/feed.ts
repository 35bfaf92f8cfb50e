// A change feed: what a desk committed, fanned out to whoever listens (the
// flow viewer's event streams). The desk publishes through its `onCommit`
// option; anything else that learns of commits (another instance's
// notifications, a simulation) can publish to the same feed.
import type { DeskCommit } from '../desk/options.js';

/** Something the viewer can listen to for commits. */
export interface ChangeSource {
  /**
   * Listen for commits.
   * @param listener - called with each commit, in order
   * @returns a function that stops listening
   */
  subscribe(listener: (commit: DeskCommit) => void): () => void;
}

/** A {@link ChangeSource} you publish to. */
export interface ChangeFeed extends ChangeSource {
  /** Hand a commit to every listener (bound: pass it as `onCommit`). A listener that throws does not stop the others; the first such error is rethrown afterwards. */
  readonly publish: (commit: DeskCommit) => void;
  /** How many listeners there are. */
  readonly listeners: number;
}

/**
 * A change feed for the flow viewer: pass `feed.publish` as the desk's
 * `onCommit` and the feed as the viewer's `changes`.
 *
 * @returns the feed
 * @example
 * const feed = createChangeFeed();
 * const desk = createDesk({ store, notifier, onCommit: feed.publish });
 * const viewer = createFlowViewer({ desk, changes: feed });
 */
export function createChangeFeed(): ChangeFeed {
  const listeners = new Set<(commit: DeskCommit) => void>();
  return {
    publish: (commit) => {
      // Every listener hears of the commit; the first failure is rethrown after (the desk reports it to onError).
      let failure: { error: unknown } | undefined;
      for (const l of [...listeners]) {
        try {
          l(commit);
        } catch (error) {
          failure ??= { error };
        }
      }
      if (failure) throw failure.error;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    get listeners() {
      return listeners.size;
    },
  };
}
