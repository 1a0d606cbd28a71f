from st2common.runners.base_action import Action


class ApuStatus(Action):
    def run(self, role):
        return {"role": role, "servers": 3, "healthy": 3}
