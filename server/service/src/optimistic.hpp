#pragma once

#include <optional>
#include <utility>

namespace traffpunkt::service {

/**
 * State a room keeps ahead of its commits (registrations, agenda, minutes): a command changes it
 * when the command is decided, on the room's strand, so the next command sees the change at
 * once; the commit lands later, on a store thread.
 *
 * The rules every such state follows, kept here instead of by hand at every write:
 * - While writes decided on the state are in flight, the database is behind it: the state may
 *   not be reloaded from the database (the reload would miss those writes).
 * - A write that failed leaves the state holding what that write would have done: the state is
 *   dropped, and reloaded at the next use once no write is in flight. Until then it is
 *   `reloading()`: the command is refused as unavailable, to be retried with its idem key.
 * - State that changed outside the room's writes (another feature's write, an erasure) is
 *   dropped now if nothing is in flight, else when the last write in flight lands.
 *
 * Not thread-safe: every call on the room's strand.
 */
template <class T>
class optimistic {
  public:
    /** The state, or nullptr when it is to be loaded (never loaded, or dropped). */
    T* get() { return value_ ? &*value_ : nullptr; }

    /** Dropped while writes of it are in flight: it can neither be used nor reloaded yet. */
    bool reloading() const { return !value_ && in_flight_ > 0; }

    /**
     * The state, read with `load()` (what the database holds) when there is none. Throws what
     * `refuse()` returns while reloading.
     */
    template <class Load, class Refuse>
    T& use(Load&& load, Refuse&& refuse) {
        if (!value_) {
            if (in_flight_ > 0) {
                throw refuse();
            }
            value_.emplace(std::forward<Load>(load)());
            stale_ = false;
        }
        return *value_;
    }

    /** A command decided a change: the next command sees `v`, committed or not. */
    void set(T v) { value_ = std::move(v); }

    /** A write of the state was handed to the store; `landed` or `failed` follows, once. */
    void begin_write() { ++in_flight_; }

    /** A write committed. */
    void landed() {
        --in_flight_;
        if (in_flight_ == 0 && stale_) {
            drop();
        }
    }

    /** A write failed: the database is the truth again. */
    void failed() {
        --in_flight_;
        drop();
    }

    /** The state changed outside the room's own writes. */
    void invalidate() {
        if (in_flight_ == 0) {
            drop();
        } else {
            stale_ = true;  // a drop now would refuse commands until the writes land
        }
    }

    int writes_in_flight() const { return in_flight_; }

  private:
    void drop() {
        value_.reset();
        stale_ = false;
    }

    std::optional<T> value_;
    int in_flight_ = 0;
    bool stale_ = false;  ///< changed outside: drop when the last write in flight lands
};

}  // namespace traffpunkt::service
