#pragma once

// Networks and their member organisations (PROTOCOL.md "Ops": network.*, org.*, org.invitation.*):
// the network.* and org.* ops, an organisation admitted by a board decision, and the organisations'
// invitation codes for self-registration (ops_invitation.cpp). One feature in one folder, like
// minutes/: it uses the application's reads, writer, hub and calendar cache through
// `application::impl`.

#include "call.hpp"
#include "traffpunkt/service/application.hpp"

namespace traffpunkt::service {

class network_feature {
  public:
    explicit network_feature(application::impl& app);

    void op_network_list(const call& c);
    void op_network_get(const call& c);
    void op_network_create(const call& c);
    void op_network_update(const call& c);
    void op_org_list(const call& c);
    void op_org_admit(const call& c);
    void op_org_update(const call& c);
    void op_org_invitation_create(const call& c);
    void op_org_invitation_rotate(const call& c);
    void op_org_invitation_revoke(const call& c);

  private:
    application::impl& app_;

    /** Issues an organisation's invitation code; `rotate` revokes a valid one first. */
    void invitation_op(const call& c, bool rotate);
};

}  // namespace traffpunkt::service
