#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/strand.hpp>

#include "optimistic.hpp"
#include "polls/live_poll.hpp"
#include "traffpunkt/domain/agenda.hpp"
#include "traffpunkt/domain/meeting.hpp"
#include "traffpunkt/domain/minutes.hpp"
#include "traffpunkt/domain/registration_book.hpp"

namespace traffpunkt::service {

struct question_room;     // questions/question_room.hpp
struct anonymous_askers;  // questions/question_room.hpp

/**
 * A meeting's room: every command that touches the meeting runs on this strand, so rules like
 * capacity and one-vote-per-person hold without database locks. The room keeps the meeting's
 * live state; it is updated when a command is accepted (before its commit, so the next command
 * sees it) and dropped for reloading if that commit fails (optimistic.hpp).
 */
struct room {
    explicit room(const boost::asio::any_io_executor& ex) : strand(boost::asio::make_strand(ex)) {}

    boost::asio::strand<boost::asio::any_io_executor> strand;
    std::optional<domain::meeting> meeting;  ///< empty: load from the database on next use
    /** The meeting's active registrations (ops_registration.cpp). */
    optimistic<domain::registration_book> registrations;

    // Live polls (ops_poll.cpp): loaded one by one on first use.
    std::map<std::int64_t, live_poll> polls;

    // Agenda and minutes (agenda/ops_agenda.cpp, minutes/minutes_feature.cpp). A poll or document
    // that changes its agenda item invalidates the agenda (the item's links).
    optimistic<domain::agenda> agenda;
    /** The minutes as they stand; an empty optional inside: none written yet. */
    optimistic<std::optional<domain::meeting_minutes>> minutes;

    // Audience questions (questions/): empty = load on next use. shared_ptr, so that this header
    // needs only the declaration; the askers of anonymous questions outlive reloads.
    std::shared_ptr<question_room> questions;
    std::shared_ptr<anonymous_askers> askers;
};

/** Rooms by meeting id, created on first use. Key 0 is the control room for network-wide ops. */
class room_registry {
  public:
    explicit room_registry(boost::asio::any_io_executor ex) : executor_(std::move(ex)) {}

    std::shared_ptr<room> get(std::int64_t key) {
        std::lock_guard lock(mutex_);
        auto& r = rooms_[key];
        if (!r) {
            r = std::make_shared<room>(executor_);
        }
        return r;
    }

    /** The room if it exists (nothing is created: for invalidating cached state). */
    std::shared_ptr<room> find(std::int64_t key) {
        std::lock_guard lock(mutex_);
        auto it = rooms_.find(key);
        return it == rooms_.end() ? nullptr : it->second;
    }

  private:
    boost::asio::any_io_executor executor_;
    std::mutex mutex_;
    std::unordered_map<std::int64_t, std::shared_ptr<room>> rooms_;
};

}  // namespace traffpunkt::service
