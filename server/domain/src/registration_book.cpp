#include "traffpunkt/domain/registration_book.hpp"

#include <algorithm>
#include <iterator>

namespace traffpunkt::domain {

registration_book::registration_book(const std::vector<registration>& registrations) {
    for (const auto& r : registrations) {
        put(r);
    }
}

const registration* registration_book::find(id registration_id) const {
    const auto it = by_id_.find(registration_id);
    return it == by_id_.end() ? nullptr : &it->second;
}

const registration* registration_book::find_by_person(id person_id) const {
    const auto it = by_person_.find(person_id);
    return it == by_person_.end() ? nullptr : find(it->second);
}

const registration* registration_book::find_by_checkin_code(std::string_view code) const {
    // Linear: check-ins come one at a time at the door, and a meeting has hundreds of people.
    for (const auto& [rid, r] : by_id_) {
        if (!r.checkin_code.empty() && r.checkin_code == code) {
            return &r;
        }
    }
    return nullptr;
}

void registration_book::count(const registration& r, int delta) {
    const auto i = index(r.mode);
    if (r.status == registration_status::confirmed) {
        confirmed_[i] += delta;
        if (r.checked_in_at) {
            checked_in_[i] += delta;
        }
        if (r.mode == attendance_mode::in_person) {
            auto& n = in_person_by_org_[r.organisation_id];
            n += delta;
            if (n == 0) {
                in_person_by_org_.erase(r.organisation_id);
            }
        }
    } else if (r.status == registration_status::waitlisted) {
        if (delta > 0) {
            waitlists_[i].emplace(r.arrival, r.registration_id);
        } else {
            waitlists_[i].erase({r.arrival, r.registration_id});
        }
    }
}

void registration_book::put(const registration& r) {
    erase(r.registration_id);
    if (r.status == registration_status::cancelled) {
        return;
    }
    const auto [it, inserted] = by_id_.emplace(r.registration_id, r);
    if (r.person_id > 0) {
        by_person_[r.person_id] = r.registration_id;
    }
    max_arrival_ = std::max(max_arrival_, r.arrival);
    count(it->second, +1);
}

void registration_book::erase(id registration_id) {
    const auto it = by_id_.find(registration_id);
    if (it == by_id_.end()) {
        return;
    }
    count(it->second, -1);
    if (it->second.person_id > 0) {
        by_person_.erase(it->second.person_id);
    }
    by_id_.erase(it);
}

void registration_book::set_person(id registration_id, id person_id) {
    const auto it = by_id_.find(registration_id);
    if (it == by_id_.end() || person_id <= 0) {
        return;
    }
    if (it->second.person_id > 0) {
        by_person_.erase(it->second.person_id);
    }
    it->second.person_id = person_id;
    by_person_[person_id] = registration_id;
}

int registration_book::in_person_confirmed_of(id organisation_id) const {
    const auto it = in_person_by_org_.find(organisation_id);
    return it == in_person_by_org_.end() ? 0 : it->second;
}

int registration_book::waitlist_position(id registration_id) const {
    const auto* r = find(registration_id);
    if (r == nullptr || r->status != registration_status::waitlisted) {
        return 0;
    }
    const auto& list = waitlists_[index(r->mode)];
    const auto it = list.find({r->arrival, r->registration_id});
    return static_cast<int>(std::distance(list.begin(), it)) + 1;
}

std::vector<const registration*> registration_book::waitlist(attendance_mode mode) const {
    std::vector<const registration*> out;
    out.reserve(waitlists_[index(mode)].size());
    for (const auto& [arrival, rid] : waitlists_[index(mode)]) {
        out.push_back(find(rid));
    }
    return out;
}

std::vector<registration> registration_book::active() const {
    std::vector<registration> out;
    out.reserve(by_id_.size());
    for (const auto& [rid, r] : by_id_) {
        out.push_back(r);
    }
    std::sort(out.begin(), out.end(), [](const registration& a, const registration& b) {
        return a.arrival != b.arrival ? a.arrival < b.arrival
                                      : a.registration_id < b.registration_id;
    });
    return out;
}

}  // namespace traffpunkt::domain
