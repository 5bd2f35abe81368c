// Rights that end while a connection is open (issue 16 items 2 and 5).
//
// A revoked token's connections are closed with 4001 within tokens.revocation_check_ms,
// whoever revoked it: the revocation check reads the token_revocations rows that triggers add
// in the revoking transaction, also when another process (`traffpunkt token revoke`) made it.
// Until the close, dispatch refuses the connection's requests, and every write checks its token
// inside its own transaction (require_active_token), so nothing lands after a revocation.
//
// A right that ends without a revocation (a facilitator removed, a registration that is no
// longer confirmed) ends the subscriptions that needed it: each subscription of the person's
// open connections is authorised again with subscribe's own rules, and those that fail end
// with a `subscription.ended` event naming the topic and the reason.

#include <spdlog/spdlog.h>

#include <set>

#include <boost/asio/post.hpp>
#include <boost/json/serialize.hpp>

#include "application_impl.hpp"
#include "traffpunkt/store/revocation_repository.hpp"
#include "traffpunkt/store/store_error.hpp"

namespace traffpunkt::service {

namespace json = boost::json;
using protocol::protocol_error;

bool application::impl::is_revoked(const principal& p) {
    if (p.token_id == 0) {
        return false;
    }
    std::lock_guard lock(revoked_mutex);
    return p.who == principal::role::audience ? revoked_audience.count(p.token_id) > 0
                                              : revoked_accounts.count(p.token_id) > 0;
}

void application::impl::check_revocations() {
    // A rotated poll link revokes every device that has not voted, thousands at once: read
    // every new row now (in pages), not one page per check, and close in one pass.
    std::set<std::int64_t> accounts;
    std::set<std::int64_t> audience;
    constexpr int page = 1000;
    for (int pages = 0; pages < 1000; ++pages) {
        std::vector<store::revocation> found;
        try {
            found = reads->with([&](store::database& db) {
                return store::revocations_after(db, revocation_seq, page);
            });
        } catch (const store::store_error& e) {
            spdlog::warn("revocation check failed: {}", e.what());
            break;
        }
        for (const auto& r : found) {
            revocation_seq = std::max(revocation_seq, r.seq);
            (r.kind == "audience" ? audience : accounts).insert(r.token_id);
        }
        if (found.size() < static_cast<std::size_t>(page)) {
            break;
        }
    }
    if (accounts.empty() && audience.empty()) {
        return;
    }
    {
        std::lock_guard lock(revoked_mutex);
        revoked_accounts.insert(accounts.begin(), accounts.end());
        revoked_audience.insert(audience.begin(), audience.end());
    }
    close_connections_of(accounts, audience);
}

void application::impl::close_revoked(const std::string& kind, std::int64_t token_id) {
    if (kind == "audience") {
        close_connections_of({}, {token_id});
    } else {
        close_connections_of({token_id}, {});
    }
}

void application::impl::close_connections_of(const std::set<std::int64_t>& accounts,
                                             const std::set<std::int64_t>& audience) {
    const auto conns = open_connections.matching([&](const principal& p) {
        if (p.who == principal::role::anonymous) {
            return false;
        }
        return p.who == principal::role::audience ? audience.count(p.token_id) > 0
                                                  : accounts.count(p.token_id) > 0;
    });
    for (const auto& conn : conns) {
        const auto sink = conn->sink.lock();
        for (const auto& t : conn->take_topics()) {
            if (sink) {
                events.unsubscribe(t, sink.get());
            }
        }
        if (sink) {
            spdlog::info("closing {}: its token was revoked", conn->remote);
            sink->close_with(4001, "token revoked");
        }
    }
}

void application::impl::recheck_rights(std::int64_t person_id) {
    boost::asio::post(executor, [this, person_id] {
        if (stopped) {
            return;
        }
        const auto conns = open_connections.matching(
            [&](const principal& p) { return p.person_id && *p.person_id == person_id; });
        for (const auto& conn : conns) {
            recheck_subscriptions(conn);
        }
    });
}

void application::impl::recheck_subscriptions(const std::shared_ptr<connection>& conn) {
    conn->rights_generation.fetch_add(1);
    // The checks of subscribe itself, as the connection's principal now stands.
    const call as_them{conn, {}};
    for (const auto& topic : conn->topics()) {
        try {
            authorize_topic(as_them, topic);
        } catch (const protocol_error& e) {
            end_subscription(conn, topic, "rights_changed", e.err().message);
        } catch (const std::exception& e) {
            // The database cannot tell right now: keep the subscription, the next change
            // of rights checks again.
            spdlog::warn("cannot recheck {} of {}: {}", topic, conn->remote, e.what());
        }
    }
}

void application::impl::end_subscription(const std::shared_ptr<connection>& conn,
                                         const std::string& topic, std::string_view reason,
                                         std::string_view message) {
    if (!conn->remove_topic(topic)) {
        return;  // ended already (unsubscribed, or another recheck)
    }
    const auto sink = conn->sink.lock();
    if (!sink) {
        return;
    }
    events.unsubscribe(topic, sink.get());
    // Not an event of the topic's own stream (no seq, no epoch): it ends that stream.
    const json::object frame{{"ev", "subscription.ended"},
                             {"topic", topic},
                             {"data", json::object{{"reason", reason}, {"message", message}}}};
    sink->deliver(std::make_shared<const std::string>(json::serialize(frame)));
}

}  // namespace traffpunkt::service
