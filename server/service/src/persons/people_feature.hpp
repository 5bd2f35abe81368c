#pragma once

// The people of a network as coordinators keep them (PROTOCOL.md "Ops": person.*): person.create
// (with the first personal link, by mail if asked), person.get, the searchable list, changes,
// and personal links (issue a new one, which revokes the old ones, or revoke them all). One
// feature in one folder, like minutes/; personal data (extracts, erasure, the access log) is
// personal_data_feature's, mail to a person mail_feature's.

#include "call.hpp"
#include "traffpunkt/service/application.hpp"

namespace traffpunkt::service {

class people_feature {
  public:
    explicit people_feature(application::impl& app);

    void op_create(const call& c);
    void op_get(const call& c);
    void op_list(const call& c);
    void op_update(const call& c);
    void op_link(const call& c);
    void op_link_revoke(const call& c);

  private:
    application::impl& app_;
};

}  // namespace traffpunkt::service
