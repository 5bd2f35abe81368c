#pragma once

// Registrations (PROTOCOL.md "Registrations"): the registration.* ops, check-in, attendance
// statistics (meeting.stats, network.stats), and what other features ask of a meeting's
// registrations: its room's registration book, whether someone holds a seat, and the
// promotions a meeting change opens seats for. One feature in one folder, like minutes/: it
// uses the application's rooms, reads, writer, hub and mail outbox through `application::impl`.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>

#include "call.hpp"
#include "identity.hpp"
#include "traffpunkt/domain/meeting.hpp"
#include "traffpunkt/domain/registration_book.hpp"
#include "traffpunkt/service/application.hpp"

namespace traffpunkt::service {

struct room;
struct write_plan;          // application_impl.hpp
struct registration_batch;  // registration_batch.hpp

class registration_feature {
  public:
    explicit registration_feature(application::impl& app);

    void op_create(const call& c);
    void op_get(const call& c);
    void op_list(const call& c);
    void op_update(const call& c);
    void op_cancel(const call& c);
    void op_checkin(const call& c);
    void op_meeting_stats(const call& c);
    void op_network_stats(const call& c);

    /** True if `p` holds a confirmed registration for the meeting (sees online_url). */
    bool holds_seat(const principal& p, std::int64_t meeting_id);
    /** Loads (or returns the cached) registrations of a room; call on the room's strand. */
    domain::registration_book& room_book(room& r, std::int64_t meeting_id);
    /**
     * After a meeting change decided on its room's strand: the promotions into seats the change
     * opened, and the new counts. Empty when nothing about seats changed.
     */
    std::optional<write_plan> after_meeting_change(std::shared_ptr<room> r,
                                                   const domain::meeting& before,
                                                   const domain::meeting& after);

  private:
    application::impl& app_;
    std::once_flag ids_loaded_;
    std::atomic<std::int64_t> last_id_{0};

    /**
     * An id for a new registration, given on the strand before its insert so the room's book
     * can hold it at once; one counter above the largest stored id (only this process inserts).
     */
    std::int64_t next_id();
    /** Stores a batch of registration changes and publishes their events after the commit. */
    write_plan write(std::shared_ptr<room> r, std::shared_ptr<registration_batch> batch);
};

}  // namespace traffpunkt::service
