"""Train an MLP and a small CNN on scikit-learn's handwritten digits (8x8 images, 10 classes).

The data ships with scikit-learn (no download). Written as a PyTorch user writes it; it runs
unchanged with `import torch` in place of the first import.
"""
import ember as torch

import os
import tempfile
import time

from sklearn.datasets import load_digits

BATCH_SIZE = 32


def digit_datasets():
    """(train, test) TensorDatasets of 1x8x8 images, standardised per pixel with the training
    images' statistics, and int64 labels."""
    digits = load_digits()
    images = torch.tensor(digits.images, dtype=torch.float32).unsqueeze(1)
    labels = torch.tensor(digits.target, dtype=torch.int64)
    train_part, test_part = torch.utils.data.random_split(
        range(len(labels)), [0.8, 0.2], generator=torch.Generator().manual_seed(0))
    train_rows, test_rows = list(train_part), list(test_part)
    mean = images[train_rows].mean(dim=0)
    std = images[train_rows].std(dim=0) + 1.0      # + 1: some pixels are almost always blank
    images = (images - mean) / std
    return (torch.utils.data.TensorDataset(images[train_rows], labels[train_rows]),
            torch.utils.data.TensorDataset(images[test_rows], labels[test_rows]))


class MLP(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = torch.nn.Linear(64, 512)
        self.out = torch.nn.Linear(512, 10)
        self.relu = torch.nn.ReLU()

    def forward(self, x):
        return self.out(self.relu(self.hidden(x.flatten(1))))


class CNN(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(1, 32, kernel_size=3, padding=1)
        self.conv2 = torch.nn.Conv2d(32, 64, kernel_size=3, padding=1)
        self.pool = torch.nn.MaxPool2d(2)
        self.relu = torch.nn.ReLU()
        self.hidden = torch.nn.Linear(64 * 2 * 2, 128)
        self.out = torch.nn.Linear(128, 10)

    def forward(self, x):
        x = self.pool(self.relu(self.conv1(x)))      # 32 x 4 x 4
        x = self.pool(self.relu(self.conv2(x)))      # 64 x 2 x 2
        return self.out(self.relu(self.hidden(x.flatten(1))))


def accuracy(model, loader):
    model.eval()
    correct = total = 0
    with torch.no_grad():
        for images, labels in loader:
            correct += (model(images).argmax(dim=1) == labels).sum().item()
            total += labels.numel()
    return correct / total


def train(name, model, train_set, test_loader, epochs, lr=1e-3):
    train_loader = torch.utils.data.DataLoader(train_set, batch_size=BATCH_SIZE, shuffle=True,
                                               generator=torch.Generator().manual_seed(1))
    loss_fn = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=1e-3)
    start = time.perf_counter()
    for epoch in range(epochs):
        # halve the learning rate each quarter of the run
        for group in optimizer.param_groups:
            group['lr'] = lr * 0.5 ** (4 * epoch // epochs)
        model.train()
        total_loss = 0.0
        for images, labels in train_loader:
            optimizer.zero_grad()
            loss = loss_fn(model(images), labels)
            loss.backward()
            optimizer.step()
            total_loss += loss.item() * labels.numel()
        print(f"{name} epoch {epoch + 1:2d}: loss {total_loss / len(train_set):.4f}, "
              f"test accuracy {accuracy(model, test_loader):.2%}")
    print(f"{name} trained in {time.perf_counter() - start:.1f}s")


def main():
    torch.manual_seed(0)
    train_set, test_set = digit_datasets()
    test_loader = torch.utils.data.DataLoader(test_set, batch_size=256)
    print(f"{len(train_set)} training and {len(test_set)} test images")
    mlp, cnn = MLP(), CNN()
    train('MLP', mlp, train_set, test_loader, epochs=40)
    train('CNN', cnn, train_set, test_loader, epochs=20)

    # a checkpoint round trip: a fresh CNN with the saved weights scores the same
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, 'cnn.pt')
        torch.save(cnn.state_dict(), path)
        restored = CNN()
        restored.load_state_dict(torch.load(path))
    assert accuracy(restored, test_loader) == accuracy(cnn, test_loader)

    print(f"MLP final test accuracy: {accuracy(mlp, test_loader):.2%}")
    print(f"CNN final test accuracy: {accuracy(cnn, test_loader):.2%}")


if __name__ == '__main__':
    main()
