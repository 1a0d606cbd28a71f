import os

import yaml
from st2common.runners.base_action import Action


class PackInfo(Action):
    def run(self, pack):
        packs_dir = os.path.dirname(os.path.dirname(os.path.dirname(__file__)))
        with open(os.path.join(packs_dir, pack, "pack.yaml")) as f:
            return yaml.safe_load(f)
