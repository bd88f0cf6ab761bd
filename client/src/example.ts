// The walkthrough's "Open an example model" command: a new, unsaved Python editor holding a small
// CNN whose input is declared with `# shape:`, so that hints, hovers and Compute Shapes have a model.

import * as vscode from "vscode";

export const OPEN_EXAMPLE_COMMAND = "shapeLens.openExample";

const EXAMPLE = `import torch
import torch.nn as nn
import torch.nn.functional as F


class SmallCNN(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, kernel_size=3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(16, 32, kernel_size=3, stride=2, padding=1)
        self.fc = nn.Linear(32 * 4 * 4, num_classes)

    # shape: x = (N, 3, 32, 32)
    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1)
        return self.fc(x)
`;

export async function openExample(): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ language: "python", content: EXAMPLE });
  await vscode.window.showTextDocument(doc);
}
