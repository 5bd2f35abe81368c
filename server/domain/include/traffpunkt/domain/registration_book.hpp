#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

#include "traffpunkt/domain/ids.hpp"
#include "traffpunkt/domain/registration.hpp"

namespace traffpunkt::domain {

/**
 * The active registrations of one meeting, as the seat rules need them: who holds a seat in
 * which mode, how many in-person seats each organisation holds, and each mode's waitlist in
 * arrival order. A value type: the service keeps one per meeting room and changes it on the
 * room's strand; tests build one from a list.
 *
 * Cancelled registrations never enter the book (`put` of a cancelled registration removes it).
 */
class registration_book {
  public:
    registration_book() = default;

    /** A book of `registrations`, in any order; cancelled ones are skipped. */
    explicit registration_book(const std::vector<registration>& registrations);

    /** The active registration with this id, or nullptr. */
    const registration* find(id registration_id) const;

    /** The active registration of a person (at most one per meeting), or nullptr. */
    const registration* find_by_person(id person_id) const;

    /** The active registration with this check-in code (exact match), or nullptr. */
    const registration* find_by_checkin_code(std::string_view code) const;

    /** Adds or replaces the registration with `r.registration_id`; cancelled removes it. */
    void put(const registration& r);

    /** Removes a registration; nothing happens when it is not in the book. */
    void erase(id registration_id);

    /**
     * Records the person of a registration once it is known: a self-registration is booked
     * before the database has given the new person an id.
     */
    void set_person(id registration_id, id person_id);

    /** An arrival number above every one in the book: where a newcomer queues. */
    std::int64_t next_arrival() const { return max_arrival_ + 1; }

    /** Confirmed registrations in `mode`. */
    int confirmed(attendance_mode mode) const { return confirmed_[index(mode)]; }

    /** Waitlisted registrations in `mode`. */
    int waitlisted(attendance_mode mode) const {
        return static_cast<int>(waitlists_[index(mode)].size());
    }

    /** Confirmed registrations in `mode` that have checked in. */
    int checked_in(attendance_mode mode) const { return checked_in_[index(mode)]; }

    /** Confirmed in-person registrations of one organisation (what the quota limits). */
    int in_person_confirmed_of(id organisation_id) const;

    /** 1-based place of a waitlisted registration in its mode's waitlist; 0 otherwise. */
    int waitlist_position(id registration_id) const;

    /** The waitlist of `mode`, first in line first. */
    std::vector<const registration*> waitlist(attendance_mode mode) const;

    /** Every active registration, in arrival order. */
    std::vector<registration> active() const;

    /** Number of active registrations. */
    std::size_t size() const { return by_id_.size(); }

  private:
    static std::size_t index(attendance_mode mode) {
        return mode == attendance_mode::in_person ? 0 : 1;
    }
    void count(const registration& r, int delta);

    std::map<id, registration> by_id_;
    std::map<id, id> by_person_;  // person -> registration (people already stored)
    std::array<std::set<std::pair<std::int64_t, id>>, 2> waitlists_;  // (arrival, id) per mode
    std::array<int, 2> confirmed_{};
    std::array<int, 2> checked_in_{};
    std::map<id, int> in_person_by_org_;
    std::int64_t max_arrival_ = 0;
};

}  // namespace traffpunkt::domain
