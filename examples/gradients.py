"""The gradient guide's three examples, run with ember in place of torch.

NOTE: the guide's last line is `print("Gradient:", x.grad)` and its stated output is
"Gradient: tensor(4.)". In torch (2.13, and every release since 0.4) an f-string formats a 0-d
tensor as its number, so that line prints "Gradient: 4.0" in torch and in ember alike. The
line below prints the tensor itself, which gives the guide's output in both.
"""
import ember as torch

# Example 1: the gradient of y = x**2 at x = 2
x = torch.tensor(2.0, requires_grad=True)  # Track gradients
y = x ** 2  # y = x squared
# Compute gradient of y w.r.t x
y.backward()
print(x.grad)  # Prints gradient dy/dx = 2*x = 4.0

# Example 2: the gradient of y = x^2 + 3x + 1 at x = 2
x = torch.tensor(2.0, requires_grad=True)
y = x**2 + 3*x + 1
y.backward()
print(f"Gradient at x=2: {x.grad.item()}")

# Common pitfall: requires_grad not set
x = torch.tensor(2.0)
y = x**2
try:
    y.backward()
except RuntimeError as e:
    print(f"Error: {e}")

# Right: requires_grad=True
x = torch.tensor(2.0, requires_grad=True)
y = x**2
y.backward()
print("Gradient:", x.grad)
