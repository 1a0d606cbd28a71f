from st2common.runners.base_action import Action


class LinkIssue(Action):
    def run(self, issue):
        return {"issue": issue, "linked": True}
